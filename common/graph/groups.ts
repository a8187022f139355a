import type { NodeIssue } from './graphIndex'
import type { GraphDoc, GraphGroup } from './schema'

export const BLOCK_WIDTH = 170
export const BLOCK_HEIGHT = 60
/** A block's size on the canvas when it has not been measured. */
export const BLOCK_SIZE = { width: BLOCK_WIDTH, height: BLOCK_HEIGHT } as const
/** A collapsed group's size. */
export const COLLAPSED_SIZE = { width: 220, height: 84 } as const
/** Padding inside a group's frame, and the room its title takes above its content. */
export const GROUP_PAD = 24
export const GROUP_TITLE = 40

/** A rectangle in canvas (flow) coordinates. */
export interface Box {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

/** A measured block size, by node id (blocks not in it take BLOCK_SIZE). */
export type Sizes = ReadonlyMap<string, { readonly width: number; readonly height: number }>

/**
 * How groups nest: each group may have a parent group and may carry a role; only groups with a
 * role compile to models, and a block belongs to the model of its nearest group with a role. The
 * one place that answers membership questions for the canvas, the commands, compilation and
 * layout.
 */
export interface GroupTree {
  readonly groups: ReadonlyMap<string, GraphGroup>
  /** The group's parent, if it has one that exists. */
  parentOf(groupId: string): string | undefined
  /** The group's ancestors, nearest first (a cycle is cut where it closes). */
  ancestors(groupId: string): string[]
  /** The group's child groups, in document order. */
  children(groupId: string | undefined): string[]
  /** The blocks directly in a group (not in its child groups); `undefined`: ungrouped blocks. */
  blocksIn(groupId: string | undefined): string[]
  /** Every block in a group or its descendants. */
  allBlocksIn(groupId: string): string[]
  /** The nearest group with a role holding a block's group (itself included), if any. */
  modelGroupOf(groupId: string | undefined): string | undefined
  /** The outermost collapsed group that hides a block's group, if any. */
  hiddenBy(groupId: string | undefined): string | undefined
  /** Nesting depth: 0 for a top-level group. */
  depth(groupId: string): number
  /** Groups ordered parents before children (what React Flow needs). */
  readonly topDown: readonly string[]
}

/** The group tree of a document. */
export function groupTree(doc: GraphDoc): GroupTree {
  const groups = new Map(doc.groups.map((g) => [g.id, g]))
  const rawParent = (id: string) => {
    const p = groups.get(id)?.parent
    return p !== undefined && groups.has(p) ? p : undefined
  }
  // A group whose parents loop back to it is treated as top-level (validation reports the loop).
  const inLoop = (id: string) => {
    const seen = new Set<string>()
    for (let p = rawParent(id); p !== undefined; p = rawParent(p)) {
      if (p === id) return true
      if (seen.has(p)) return false
      seen.add(p)
    }
    return false
  }
  const parentOf = (id: string) => (inLoop(id) ? undefined : rawParent(id))
  const ancestors = (id: string): string[] => {
    const out: string[] = []
    const seen = new Set([id])
    for (let p = parentOf(id); p !== undefined && !seen.has(p); p = parentOf(p)) {
      out.push(p)
      seen.add(p)
    }
    return out
  }
  const kids = new Map<string | undefined, string[]>()
  for (const g of doc.groups) {
    const p = parentOf(g.id)
    kids.set(p, [...(kids.get(p) ?? []), g.id])
  }
  const blocks = new Map<string | undefined, string[]>()
  for (const n of doc.nodes) {
    const g = n.group !== undefined && groups.has(n.group) ? n.group : undefined
    blocks.set(g, [...(blocks.get(g) ?? []), n.id])
  }
  const topDown: string[] = []
  const visit = (id: string | undefined) => {
    for (const c of kids.get(id) ?? []) {
      topDown.push(c)
      visit(c)
    }
  }
  visit(undefined)
  const chain = (groupId: string | undefined) =>
    groupId === undefined || !groups.has(groupId) ? [] : [groupId, ...ancestors(groupId)]
  return {
    groups,
    parentOf,
    ancestors,
    children: (id) => kids.get(id) ?? [],
    blocksIn: (id) => blocks.get(id) ?? [],
    allBlocksIn: (id) =>
      [id, ...descendantsOf(id, (g) => kids.get(g) ?? [])].flatMap((g) => blocks.get(g) ?? []),
    modelGroupOf: (id) => chain(id).find((g) => groups.get(g)?.role !== undefined),
    hiddenBy: (id) =>
      chain(id)
        .filter((g) => groups.get(g)?.collapsed)
        .at(-1),
    depth: (id) => ancestors(id).length,
    topDown,
  }
}

function descendantsOf(id: string, children: (id: string) => readonly string[]): string[] {
  const out: string[] = []
  for (const c of children(id)) out.push(c, ...descendantsOf(c, children))
  return out
}

/** Problems with how groups nest: a missing parent, a cycle, a model inside a model. */
export function groupIssues(doc: GraphDoc): NodeIssue[] {
  const tree = groupTree(doc)
  const issues: NodeIssue[] = []
  for (const g of doc.groups) {
    if (g.parent === undefined) continue
    if (!tree.groups.has(g.parent)) {
      issues.push({
        nodeId: null,
        message: `group '${g.name}' is inside '${g.parent}', which does not exist`,
      })
      continue
    }
    if (tree.parentOf(g.id) === undefined) {
      issues.push({
        nodeId: null,
        message: `group '${g.name}' is inside itself (its parents form a loop)`,
      })
      continue
    }
    const outer = tree.ancestors(g.id).find((a) => tree.groups.get(a)?.role !== undefined)
    if (g.role !== undefined && outer !== undefined)
      issues.push({
        nodeId: null,
        message: `group '${g.name}' has the role ${g.role} but is inside '${tree.groups.get(outer)?.name ?? outer}', which has one too: only one group on a path may be a model`,
      })
  }
  return issues
}

/**
 * The frame of every group, in absolute canvas coordinates: around its blocks and its child
 * groups' frames (padded, with room for the title); a collapsed child counts at its collapsed
 * size. Derived from positions, never stored.
 */
export function groupBoxes(doc: GraphDoc, sizes: Sizes = new Map()): Map<string, Box> {
  const tree = groupTree(doc)
  const nodes = new Map(doc.nodes.map((n) => [n.id, n]))
  const boxes = new Map<string, Box>()
  const sizeOf = (id: string) => sizes.get(id) ?? BLOCK_SIZE
  // Children first: walk the groups bottom-up.
  for (const id of [...tree.topDown].reverse()) {
    const parts: Box[] = []
    for (const b of tree.blocksIn(id)) {
      const n = nodes.get(b)
      if (n) parts.push({ ...n.position, ...sizeOf(b) })
    }
    for (const c of tree.children(id)) {
      const box = boxes.get(c)
      const group = tree.groups.get(c)
      if (box) parts.push(group?.collapsed ? { x: box.x, y: box.y, ...COLLAPSED_SIZE } : box)
    }
    if (!parts.length) {
      const p = tree.groups.get(id)?.position ?? { x: 0, y: 0 }
      boxes.set(id, { ...p, width: BLOCK_SIZE.width + 2 * GROUP_PAD, height: 120 })
      continue
    }
    const x = Math.min(...parts.map((b) => b.x)) - GROUP_PAD
    const y = Math.min(...parts.map((b) => b.y)) - GROUP_TITLE
    boxes.set(id, {
      x,
      y,
      width: Math.max(...parts.map((b) => b.x + b.width)) + GROUP_PAD - x,
      height: Math.max(...parts.map((b) => b.y + b.height)) + GROUP_PAD - y,
    })
  }
  return boxes
}

/** A position relative to a parent's frame (what React Flow wants for a child), or as is. */
export const relativeTo = (p: { x: number; y: number }, parent: Box | undefined) =>
  parent ? { x: p.x - parent.x, y: p.y - parent.y } : p
