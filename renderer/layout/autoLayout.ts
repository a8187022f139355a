import { Graph, layout, type EdgeLabel, type GraphLabel, type NodeLabel } from '@dagrejs/dagre'
import type { GraphDoc } from '../../common/graph/schema'
import { BLOCK_HEIGHT, BLOCK_WIDTH } from '../canvas/flowModel'
import { moveNodes, type XY } from '../document/edits'

const GAP = { node: 40, rank: 36, group: 90 } as const

interface Laid {
  readonly positions: Map<string, XY>
  readonly width: number
  readonly height: number
}

/** Lays out a set of blocks top to bottom with dagre, origin at (0, 0). */
function layOutBlocks(ids: readonly string[], doc: GraphDoc): Laid {
  const g = new Graph<GraphLabel, NodeLabel, EdgeLabel>()
  g.setGraph({ rankdir: 'TB', nodesep: GAP.node, ranksep: GAP.rank, marginx: 0, marginy: 0 })
  g.setDefaultEdgeLabel(() => ({}))
  const inside = new Set(ids)
  for (const id of ids) g.setNode(id, { width: BLOCK_WIDTH, height: BLOCK_HEIGHT })
  for (const e of doc.edges)
    if (inside.has(e.source) && inside.has(e.target)) g.setEdge(e.source, e.target)
  layout(g)
  const positions = new Map<string, XY>()
  let width = 0
  let height = 0
  for (const id of ids) {
    const n = g.node(id)
    const x = (n.x ?? 0) - BLOCK_WIDTH / 2
    const y = (n.y ?? 0) - BLOCK_HEIGHT / 2
    positions.set(id, { x, y })
    width = Math.max(width, x + BLOCK_WIDTH)
    height = Math.max(height, y + BLOCK_HEIGHT)
  }
  return { positions, width, height }
}

/**
 * Auto-layout: each group's blocks top to bottom, then the groups (and the ungrouped blocks) side by
 * side in the order data flows between them. Pure: returns the moved document.
 */
export function layoutDocument(doc: GraphDoc): GraphDoc {
  const clusters = new Map<string, string[]>()
  const clusterOf = (groupId: string | undefined) => groupId ?? '\u0000ungrouped'
  for (const n of doc.nodes) {
    const key = clusterOf(n.group)
    clusters.set(key, [...(clusters.get(key) ?? []), n.id])
  }
  const laid = new Map([...clusters].map(([key, ids]) => [key, layOutBlocks(ids, doc)]))
  // Order clusters by data flow with a second dagre pass over the clusters themselves.
  const top = new Graph<GraphLabel, NodeLabel, EdgeLabel>()
  top.setGraph({ rankdir: 'LR', nodesep: GAP.group, ranksep: GAP.group })
  top.setDefaultEdgeLabel(() => ({}))
  for (const [key, l] of laid) top.setNode(key, { width: l.width, height: l.height })
  const groupOfNode = new Map(doc.nodes.map((n) => [n.id, clusterOf(n.group)]))
  for (const e of doc.edges) {
    const a = groupOfNode.get(e.source)
    const b = groupOfNode.get(e.target)
    if (a !== undefined && b !== undefined && a !== b) top.setEdge(a, b)
  }
  layout(top)
  const positions = new Map<string, XY>()
  for (const [key, l] of laid) {
    const c = top.node(key)
    const ox = (c.x ?? 0) - l.width / 2
    const oy = (c.y ?? 0) - l.height / 2
    for (const [id, p] of l.positions) positions.set(id, { x: ox + p.x, y: oy + p.y })
  }
  return moveNodes(doc, positions)
}
