import { Graph, layout, type EdgeLabel, type GraphLabel, type NodeLabel } from '@dagrejs/dagre'
import { BLOCK_SIZE, GROUP_PAD, GROUP_TITLE, groupTree, type Sizes } from './groups'
import type { GraphDoc } from './schema'

/** A position on the canvas (top-left corner), in flow coordinates. */
export interface Point {
  readonly x: number
  readonly y: number
}

const GAP = { node: 40, rank: 36, group: 90 } as const

interface Item {
  readonly id: string
  readonly width: number
  readonly height: number
}

interface Laid {
  /** Every block's position, relative to the laid-out content's top-left corner. */
  readonly positions: Map<string, Point>
  readonly width: number
  readonly height: number
}

/** Lays items out with dagre in one direction, origin at (0, 0); answers their top-left corners. */
function layItems(
  items: readonly Item[],
  edges: readonly (readonly [string, string])[],
  rankdir: 'TB' | 'LR',
  gap: number,
  rankGap: number,
): { at: Map<string, Point>; width: number; height: number } {
  const g = new Graph<GraphLabel, NodeLabel, EdgeLabel>()
  g.setGraph({ rankdir, nodesep: gap, ranksep: rankGap, marginx: 0, marginy: 0 })
  g.setDefaultEdgeLabel(() => ({}))
  for (const it of items) g.setNode(it.id, { width: it.width, height: it.height })
  for (const [a, b] of edges) if (a !== b) g.setEdge(a, b)
  layout(g)
  const at = new Map<string, Point>()
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, 0, 0]
  for (const it of items) {
    const n = g.node(it.id)
    const p = { x: (n.x ?? 0) - it.width / 2, y: (n.y ?? 0) - it.height / 2 }
    at.set(it.id, p)
    minX = Math.min(minX, p.x)
    minY = Math.min(minY, p.y)
    maxX = Math.max(maxX, p.x + it.width)
    maxY = Math.max(maxY, p.y + it.height)
  }
  if (!items.length) return { at, width: 0, height: 0 }
  for (const [id, p] of at) at.set(id, { x: p.x - minX, y: p.y - minY })
  return { at, width: maxX - minX, height: maxY - minY }
}

/**
 * Auto-layout, pure and framework-free (the editor and the template builder both call it): each
 * group's blocks and child groups top to bottom in data-flow order, a child group as one box laid
 * out first; then the top-level groups (and the ungrouped blocks) side by side in the order data
 * flows between them. `sizes` holds measured block sizes (unmeasured blocks take BLOCK_SIZE).
 * Answers every block's new position, in whole pixels.
 */
export function layoutPositions(doc: GraphDoc, sizes: Sizes = new Map()): Map<string, Point> {
  const tree = groupTree(doc)
  const sizeOf = (id: string) => sizes.get(id) ?? BLOCK_SIZE
  const groupOfBlock = new Map(doc.nodes.map((n) => [n.id, n.group]))
  const edges = doc.edges.map((e) => [e.source, e.target] as const)

  /** The item standing for a block at a level: itself, or the child group of `level` it is in. */
  const itemAt = (level: string | undefined, block: string): string | undefined => {
    const g = groupOfBlock.get(block)
    const chain = g !== undefined && tree.groups.has(g) ? [g, ...tree.ancestors(g)] : []
    if (level === undefined) return chain.at(-1) ?? block
    const i = chain.indexOf(level)
    return i < 0 ? undefined : i === 0 ? block : chain[i - 1]
  }
  const levelEdges = (level: string | undefined, inside: ReadonlySet<string>) =>
    edges.flatMap(([s, t]) => {
      const a = itemAt(level, s)
      const b = itemAt(level, t)
      return a !== undefined && b !== undefined && inside.has(a) && inside.has(b)
        ? [[a, b] as const]
        : []
    })

  const layGroup = (id: string | undefined): Laid => {
    const children = tree.children(id)
    const inner = new Map(children.map((c) => [c, layGroup(c)]))
    const items: Item[] = [
      ...tree.blocksIn(id).map((b) => ({ id: b, ...sizeOf(b) })),
      ...children.map((c) => {
        const l = inner.get(c)
        return {
          id: c,
          width: (l?.width ?? 0) + 2 * GROUP_PAD,
          height: (l?.height ?? 0) + GROUP_TITLE + GROUP_PAD,
        }
      }),
    ]
    const laid = layItems(
      items,
      levelEdges(id, new Set(items.map((i) => i.id))),
      'TB',
      GAP.node,
      GAP.rank,
    )
    return { positions: flatten(laid.at, inner), width: laid.width, height: laid.height }
  }

  // The top level: each top group, and the ungrouped blocks as one cluster of their own.
  const UNGROUPED = '\u0000ungrouped'
  const loose = tree.blocksIn(undefined)
  const clusters = new Map<string, Laid>(tree.children(undefined).map((g) => [g, layGroup(g)]))
  if (loose.length) {
    const items = loose.map((b) => ({ id: b, ...sizeOf(b) }))
    const laid = layItems(items, levelEdges(undefined, new Set(loose)), 'TB', GAP.node, GAP.rank)
    clusters.set(UNGROUPED, { positions: laid.at, width: laid.width, height: laid.height })
  }
  const clusterOf = (block: string) => {
    const top = itemAt(undefined, block)
    return top !== undefined && clusters.has(top) && top !== block ? top : UNGROUPED
  }
  const top = layItems(
    [...clusters].map(([id, l]) => ({ id, width: l.width, height: l.height })),
    edges.map(([s, t]) => [clusterOf(s), clusterOf(t)] as const),
    'LR',
    GAP.group,
    GAP.group,
  )
  const out = new Map<string, Point>()
  for (const [id, l] of clusters) {
    const o = top.at.get(id) ?? { x: 0, y: 0 }
    for (const [b, p] of l.positions)
      out.set(b, { x: Math.round(o.x + p.x), y: Math.round(o.y + p.y) })
  }
  return out
}

/** Item positions with each child group's content placed inside its frame. */
function flatten(
  at: ReadonlyMap<string, Point>,
  inner: ReadonlyMap<string, Laid>,
): Map<string, Point> {
  const out = new Map<string, Point>()
  for (const [id, p] of at) {
    const child = inner.get(id)
    if (!child) {
      out.set(id, p)
      continue
    }
    for (const [b, q] of child.positions)
      out.set(b, { x: p.x + GROUP_PAD + q.x, y: p.y + GROUP_TITLE + q.y })
  }
  return out
}
