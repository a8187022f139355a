import type { ELK as Elk } from 'elkjs/lib/elk-api'
import { BLOCK_SIZE, COLLAPSED_SIZE, GROUP_PAD, GROUP_TITLE, groupTree, type Sizes } from './groups'
import type { GraphDoc } from './schema'

/** A position on the canvas (top-left corner), in flow coordinates. */
export interface Point {
  readonly x: number
  readonly y: number
}

const GAP = { node: 40, rank: 44, group: 90 } as const

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

// Loaded on first use: ELK is a large bundle the editor needs only when asked to lay out.
let elk: Promise<Elk> | null = null
const layoutEngine = (): Promise<Elk> =>
  (elk ??= import('elkjs/lib/elk.bundled.js').then(({ default: ELK }) => new ELK()))

/**
 * Lays items out with ELK's layered algorithm in one direction, origin at (0, 0): layers along the
 * data flow (network-simplex layering), few crossings (layer sweep), the document's order kept
 * where it does not cost crossings; answers their top-left corners.
 */
async function layItems(
  items: readonly Item[],
  edges: readonly (readonly [string, string])[],
  direction: 'DOWN' | 'RIGHT',
  gap: number,
  rankGap: number,
): Promise<{ at: Map<string, Point>; width: number; height: number }> {
  const at = new Map<string, Point>()
  if (!items.length) return { at, width: 0, height: 0 }
  const seen = new Set<string>()
  const unique = edges.filter(([a, b]) => {
    const key = `${a}\u0000${b}`
    if (a === b || seen.has(key)) return false
    seen.add(key)
    return true
  })
  const graph = await (
    await layoutEngine()
  ).layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': direction,
      'elk.spacing.nodeNode': String(gap),
      'elk.layered.spacing.nodeNodeBetweenLayers': String(rankGap),
      'elk.layered.spacing.edgeNodeBetweenLayers': String(Math.round(rankGap / 2)),
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.layered.crossingMinimization.forceNodeModelOrder': 'false',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.nodePlacement.bk.fixedAlignment': 'BALANCED',
      'elk.separateConnectedComponents': 'false',
      'elk.padding': '[top=0,left=0,bottom=0,right=0]',
    },
    children: items.map((it) => ({ id: it.id, width: it.width, height: it.height })),
    edges: unique.map(([a, b], i) => ({ id: `e${i}`, sources: [a], targets: [b] })),
  })
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const it of items) {
    const n = graph.children?.find((c) => c.id === it.id)
    const p = { x: n?.x ?? 0, y: n?.y ?? 0 }
    at.set(it.id, p)
    minX = Math.min(minX, p.x)
    minY = Math.min(minY, p.y)
    maxX = Math.max(maxX, p.x + it.width)
    maxY = Math.max(maxY, p.y + it.height)
  }
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
export async function layoutPositions(
  doc: GraphDoc,
  sizes: Sizes = new Map(),
): Promise<Map<string, Point>> {
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

  const layGroup = async (id: string | undefined): Promise<Laid> => {
    const children = tree.children(id)
    const inner = new Map<string, Laid>()
    for (const c of children) inner.set(c, await layGroup(c))
    const items: Item[] = [
      ...tree.blocksIn(id).map((b) => ({ id: b, ...sizeOf(b) })),
      ...children.map((c) => {
        const l = inner.get(c)
        // A collapsed group takes its folded frame's room; its blocks wait inside, laid out.
        return tree.groups.get(c)?.collapsed
          ? { id: c, ...COLLAPSED_SIZE }
          : {
              id: c,
              width: (l?.width ?? 0) + 2 * GROUP_PAD,
              height: (l?.height ?? 0) + GROUP_TITLE + GROUP_PAD,
            }
      }),
    ]
    const laid = await layItems(
      items,
      levelEdges(id, new Set(items.map((i) => i.id))),
      'DOWN',
      GAP.node,
      GAP.rank,
    )
    return { positions: flatten(laid.at, inner), width: laid.width, height: laid.height }
  }

  // The top level: each top group, and the ungrouped blocks as one cluster of their own.
  const UNGROUPED = '\u0000ungrouped'
  const loose = tree.blocksIn(undefined)
  const clusters = new Map<string, Laid>()
  for (const g of tree.children(undefined)) clusters.set(g, await layGroup(g))
  if (loose.length) {
    const items = loose.map((b) => ({ id: b, ...sizeOf(b) }))
    const laid = await layItems(
      items,
      levelEdges(undefined, new Set(loose)),
      'DOWN',
      GAP.node,
      GAP.rank,
    )
    clusters.set(UNGROUPED, { positions: laid.at, width: laid.width, height: laid.height })
  }
  const clusterOf = (block: string) => {
    const top = itemAt(undefined, block)
    return top !== undefined && clusters.has(top) && top !== block ? top : UNGROUPED
  }
  // Models that data does not connect (an autoencoder's decoder has an input of its own) still
  // read left to right in the document's order: each unfed cluster follows the one before it.
  const order = [...clusters.keys()]
  const linked = edges.map(([s, t]) => [clusterOf(s), clusterOf(t)] as const)
  const fed = new Set(linked.filter(([a, b]) => a !== b).map(([, b]) => b))
  const flow = order.flatMap((id, i) => {
    const before = order[i - 1]
    return before !== undefined && !fed.has(id) ? [[before, id] as const] : []
  })
  const top = await layItems(
    [...clusters].map(([id, l]) =>
      tree.groups.get(id)?.collapsed
        ? { id, ...COLLAPSED_SIZE }
        : { id, width: l.width, height: l.height },
    ),
    [...linked, ...flow],
    'RIGHT',
    GAP.group,
    GAP.group,
  )
  const tops = topAligned(top.at, (id) => {
    const l = clusters.get(id)
    return tree.groups.get(id)?.collapsed ? COLLAPSED_SIZE : { width: l?.width ?? 0 }
  })
  const out = new Map<string, Point>()
  for (const [id, l] of clusters) {
    const at = tops.get(id) ?? { x: 0, y: 0 }
    // A collapsed group's frame stands where its content would begin.
    const o = tree.groups.get(id)?.collapsed ? { x: at.x + GROUP_PAD, y: at.y + GROUP_TITLE } : at
    for (const [b, p] of l.positions)
      out.set(b, { x: Math.round(o.x + p.x), y: Math.round(o.y + p.y) })
  }
  return out
}

/**
 * The top level's columns (items whose spans across the flow overlap: one layer) each moved up to
 * start at the top, so that side-by-side models begin level instead of centred on their edges.
 */
function topAligned(
  at: ReadonlyMap<string, Point>,
  sizeOf: (id: string) => { readonly width: number },
): Map<string, Point> {
  const byX = [...at].sort(([, a], [, b]) => a.x - b.x)
  const columns: [string, Point][][] = []
  let right = -Infinity
  for (const entry of byX) {
    const [id, p] = entry
    const column = columns.at(-1)
    if (column && p.x < right) column.push(entry)
    else columns.push([entry])
    right = Math.max(p.x < right ? right : -Infinity, p.x + sizeOf(id).width)
  }
  const out = new Map<string, Point>()
  for (const column of columns) {
    const minY = Math.min(...column.map(([, p]) => p.y))
    for (const [id, p] of column) out.set(id, { x: p.x, y: p.y - minY })
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
