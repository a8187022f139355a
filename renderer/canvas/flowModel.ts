import type { Edge, Node } from '@xyflow/react'
import type { HandleDef } from '../../common/graph/block'
import { getBlock } from '../../common/graph/blocks'
import {
  COLLAPSED_SIZE,
  groupBoxes,
  groupTree,
  relativeTo,
  type Sizes,
} from '../../common/graph/groups'
import type { GraphDoc, GraphGroup, GraphNode, Role } from '../../common/graph/schema'
import { fmtShape, type Shape } from '../../common/graph/shape'
import type { ValidationReport } from '../../common/graph/validate'
import { edgeKey, type XY } from '../document/edits'
import type { Selection } from '../store/uiStore'

export interface BlockData extends Record<string, unknown> {
  readonly label: string
  /** The block's palette category, which colours it. */
  readonly category: string
  readonly detail: string
  readonly shape: string | null
  /** Its weights (0 for a shared layer) and estimated FLOPs per example, once its shape is known. */
  readonly cost: { readonly params: number; readonly flops: number } | null
  readonly issues: readonly string[]
  readonly inputs: readonly HandleDef[]
  readonly hasOutput: boolean
}

export interface GroupData extends Record<string, unknown> {
  readonly name: string
  readonly role: Role | undefined
  readonly collapsed: boolean
  readonly blocks: number
  readonly params: number
  readonly issues: number
  /** The shapes of what leaves the group (its blocks feeding blocks outside it), distinct. */
  readonly outputs: string
}

export interface ShapeEdgeData extends Record<string, unknown> {
  readonly shape: string | null
}

export type BlockNodeT = Node<BlockData, 'block'>
export type GroupNodeT = Node<GroupData, 'modelGroup'>
export type FlowNode = BlockNodeT | GroupNodeT
export type FlowEdge = Edge<ShapeEdgeData, 'shape'>

// Node data objects are reused while a node's content is unchanged, so memoized node components
// do not re-render when another node moves.
const blockDataCache = new WeakMap<GraphNode, { key: string; data: BlockData }>()
function blockData(
  node: GraphNode,
  shape: string | null,
  issues: readonly string[],
  cost: { readonly params: number; readonly flops: number } | null,
): BlockData {
  const key = `${shape ?? ''}\u0000${issues.join('\u0000')}\u0000${cost?.params ?? ''}\u0000${cost?.flops ?? ''}`
  const hit = blockDataCache.get(node)
  if (hit?.key === key) return hit.data
  const block = getBlock(node.kind)
  const data: BlockData = {
    label: node.label ?? block?.label ?? node.kind,
    category: block?.category ?? 'unknown',
    detail: block
      ? safeDescribe(block.describe.bind(block), node.params)
      : `unknown kind ${node.kind}`,
    shape,
    cost,
    issues,
    inputs: block ? block.inputs(node.params) : [],
    hasOutput: true,
  }
  blockDataCache.set(node, { key, data })
  return data
}

function safeDescribe(describe: (p: unknown) => string, params: unknown): string {
  try {
    return describe(params)
  } catch {
    // A document that failed its params check has raw params; the problems panel says why.
    return ''
  }
}

const groupDataCache = new Map<string, GroupData>()
function groupData(
  g: GraphGroup,
  blocks: number,
  params: number,
  issues: number,
  outputs: string,
): GroupData {
  const hit = groupDataCache.get(g.id)
  if (
    hit?.outputs === outputs &&
    hit.name === g.name &&
    hit.role === g.role &&
    hit.collapsed === g.collapsed &&
    hit.blocks === blocks &&
    hit.params === params &&
    hit.issues === issues
  )
    return hit
  const data: GroupData = {
    name: g.name,
    role: g.role,
    collapsed: g.collapsed,
    blocks,
    params,
    issues,
    outputs,
  }
  groupDataCache.set(g.id, data)
  return data
}

// The previous flow object of each node and edge: returned again when nothing React Flow reads
// changed, so React Flow keeps its internal node and re-renders only what moved (a drag of one
// block in a 300-block graph re-renders one block).
const previousNodes = new Map<string, FlowNode>()
const previousEdges = new Map<string, FlowEdge>()

const sameNode = (a: FlowNode, b: FlowNode): boolean =>
  a.type === b.type &&
  a.data === b.data &&
  a.position.x === b.position.x &&
  a.position.y === b.position.y &&
  a.selected === b.selected &&
  a.hidden === b.hidden &&
  a.parentId === b.parentId &&
  a.width === b.width &&
  a.height === b.height &&
  a.zIndex === b.zIndex &&
  a.ariaLabel === b.ariaLabel &&
  a.measured?.width === b.measured?.width &&
  a.measured?.height === b.measured?.height

const sameEdge = (a: FlowEdge, b: FlowEdge): boolean =>
  a.source === b.source &&
  a.target === b.target &&
  a.targetHandle === b.targetHandle &&
  a.selected === b.selected &&
  a.data?.shape === b.data?.shape

function stable<T>(
  cache: Map<string, T>,
  next: T & { id: string },
  same: (a: T, b: T) => boolean,
): T {
  const prev = cache.get(next.id)
  if (prev !== undefined && same(prev, next)) return prev
  cache.set(next.id, next)
  return next
}

/** The document as React Flow nodes and edges: groups as parent nodes, shapes on edges. */
export function toFlow(
  doc: GraphDoc,
  report: ValidationReport,
  selection: Selection,
  dragging: ReadonlyMap<string, XY>,
  /** Sizes React Flow measured; it needs them back on every node it is given. */
  measured: Sizes = new Map(),
  /** How shapes read on blocks, edges and frames (the user's setting). */
  fmt: (shape: Shape) => string = fmtShape,
): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const costOf = (id: string) => {
    const c = report.report.params.get(id)
    const flops = report.report.flops.get(id)
    return c && flops !== undefined ? { params: c.trainable + c.nonTrainable, flops } : null
  }
  const boxes = groupBoxes(doc, measured)
  const tree = groupTree(doc)
  const issuesByNode = new Map<string, string[]>()
  for (const e of report.errors)
    if (e.nodeId !== null)
      issuesByNode.set(e.nodeId, [...(issuesByNode.get(e.nodeId) ?? []), e.message])
  const groupOf = new Map(doc.nodes.map((n) => [n.id, n.group]))
  const nodes: FlowNode[] = []
  // Parents before children, as React Flow needs; each positioned within its parent's frame.
  for (const id of tree.topDown) {
    const g = tree.groups.get(id)
    if (!g) continue
    const box = boxes.get(id) ?? { x: 0, y: 0, width: 200, height: 120 }
    const parent = tree.parentOf(id)
    const parentBox = parent !== undefined ? boxes.get(parent) : undefined
    const members = tree.allBlocksIn(id)
    const params = members.reduce((sum, n) => {
      const c = report.report.params.get(n)
      return sum + (c ? c.trainable + c.nonTrainable : 0)
    }, 0)
    const issues = members.reduce((sum, n) => sum + (issuesByNode.get(n)?.length ?? 0), 0)
    const inside = new Set(members)
    const leaving = new Set(
      doc.edges
        .filter((e) => inside.has(e.source) && !inside.has(e.target))
        .map((e) => {
          const shape = report.shapes[e.source]
          return shape ? fmt(shape) : '?'
        }),
    )
    const size = g.collapsed ? COLLAPSED_SIZE : { width: box.width, height: box.height }
    const groupNode: GroupNodeT = {
      id,
      type: 'modelGroup',
      position: relativeTo(dragging.get(id) ?? box, parentBox),
      data: groupData(g, members.length, params, issues, [...leaving].join(', ')),
      style: size,
      width: size.width,
      height: size.height,
      selected: selection.groupIds.has(id),
      hidden: parent !== undefined && tree.hiddenBy(parent) !== undefined,
      // A folded frame is a node like a block: above the edges passing by, so its toggle stays clickable.
      zIndex: g.collapsed ? 4 : 0,
      ariaLabel: `${g.role ?? 'frame'} group ${g.name}`,
      measured: size,
      ...(parentBox && parent !== undefined ? { parentId: parent } : {}),
    }
    nodes.push(stable(previousNodes, groupNode, sameNode))
  }
  for (const n of doc.nodes) {
    const group = n.group !== undefined && tree.groups.has(n.group) ? n.group : undefined
    const box = group !== undefined ? boxes.get(group) : undefined
    const abs = dragging.get(n.id) ?? n.position
    const shape = report.shapes[n.id]
    const flowNode: BlockNodeT = {
      id: n.id,
      type: 'block',
      position: relativeTo(abs, box),
      data: blockData(n, shape ? fmt(shape) : null, issuesByNode.get(n.id) ?? [], costOf(n.id)),
      selected: selection.nodeIds.has(n.id),
      hidden: tree.hiddenBy(group) !== undefined,
      zIndex: 2,
      ariaLabel: `${getBlock(n.kind)?.label ?? n.kind} block ${n.id}`,
      ...(measured.has(n.id) ? { measured: measured.get(n.id) } : {}),
      ...(box && group !== undefined ? { parentId: group } : {}),
    }
    nodes.push(stable(previousNodes, flowNode, sameNode))
  }
  const edges: FlowEdge[] = []
  for (const e of doc.edges) {
    // A block inside a collapsed group is drawn as the outermost collapsed group around it: its
    // edges attach there.
    const sHidden = tree.hiddenBy(groupOf.get(e.source)) ?? null
    const tHidden = tree.hiddenBy(groupOf.get(e.target)) ?? null
    if (sHidden !== null && sHidden === tHidden) continue
    const shape = report.shapes[e.source]
    const id = edgeKey(e)
    const edge: FlowEdge = {
      id,
      type: 'shape',
      source: sHidden ?? e.source,
      sourceHandle: 'out',
      target: tHidden ?? e.target,
      targetHandle: tHidden !== null ? 'in' : e.targetHandle,
      data: { shape: shape ? fmt(shape) : null },
      selected: selection.edgeIds.has(id),
      // React Flow lifts an edge to its highest endpoint's level: blocks and folded frames stay above it.
      zIndex: 0,
    }
    edges.push(stable(previousEdges, edge, sameEdge))
  }
  prune(previousNodes, nodes)
  prune(previousEdges, edges)
  return { nodes, edges }
}

/** Forgets cached objects of deleted nodes and edges. */
function prune(cache: Map<string, unknown>, live: readonly { id: string }[]): void {
  if (cache.size <= live.length) return
  const ids = new Set(live.map((x) => x.id))
  for (const id of cache.keys()) if (!ids.has(id)) cache.delete(id)
}
