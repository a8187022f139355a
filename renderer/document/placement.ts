import {
  BLOCK_SIZE,
  COLLAPSED_SIZE,
  groupBoxes,
  groupTree,
  type Box,
} from '../../common/graph/groups'
import type { GraphDoc } from '../../common/graph/schema'
import { moveNodes, type Added, type XY } from './edits'

/** Room kept around a new block: its handles stick out above and below, and need to stay clear. */
const MARGIN = 20
/** The search moves in steps of the canvas's snap grid, ring by ring, up to this many rings. */
const STEP = 20
const RINGS = 80

/** Whether two boxes overlap (touching edges do not). */
export const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height

const grown = (b: Box, by: number): Box => ({
  x: b.x - by,
  y: b.y - by,
  width: b.width + 2 * by,
  height: b.height + 2 * by,
})

/**
 * What new items must not cover in `doc`: the blocks on show, folded frames, and the frames of
 * groups the new items do not go into (a block inside another model's frame would look a part of
 * it). `into`: the groups the new items join, with their ancestors (their frames grow instead).
 */
function obstacles(doc: GraphDoc, into: ReadonlySet<string>): Box[] {
  const tree = groupTree(doc)
  const boxes = groupBoxes(doc)
  const out: Box[] = []
  for (const n of doc.nodes)
    if (tree.hiddenBy(n.group) === undefined) out.push({ ...n.position, ...BLOCK_SIZE })
  for (const [id, box] of boxes) {
    const group = tree.groups.get(id)
    if (!group || tree.hiddenBy(tree.parentOf(id)) !== undefined) continue
    if (group.collapsed) out.push({ x: box.x, y: box.y, ...COLLAPSED_SIZE })
    else if (!into.has(id)) out.push(box)
  }
  return out
}

/**
 * The smallest move (on the snap grid, nearest first) that puts every rectangle of `items` clear
 * of `blocked` with a margin; no move when they are clear already, or when nothing is found nearby.
 */
export function clearOffset(items: readonly Box[], blocked: readonly Box[]): XY {
  const fits = (dx: number, dy: number) =>
    items.every((it) => {
      const moved = grown({ ...it, x: it.x + dx, y: it.y + dy }, MARGIN)
      return blocked.every((b) => !overlaps(moved, b))
    })
  for (let r = 0; r <= RINGS; r++) {
    const ring: XY[] = []
    for (let i = -r; i <= r; i++)
      for (let j = -r; j <= r; j++)
        if (Math.max(Math.abs(i), Math.abs(j)) === r)
          ring.push({ x: i * STEP + 0, y: j * STEP + 0 })
    ring.sort((a, b) => Math.hypot(a.x, a.y) - Math.hypot(b.x, b.y))
    const free = ring.find((o) => fits(o.x, o.y))
    if (free) return free
  }
  return { x: 0, y: 0 }
}

/**
 * Moves what an edit added (dropped blocks, a composite's group, pasted copies) to the nearest
 * place near where it was put that covers no block, handle or other frame of the document before
 * the edit.
 */
export function placeClear(before: GraphDoc, added: Added): GraphDoc {
  const newNodes = new Set(added.nodeIds)
  const newGroups = new Set(added.groupIds)
  const nodes = added.doc.nodes.filter((n) => newNodes.has(n.id))
  if (!nodes.length) return added.doc
  const tree = groupTree(added.doc)
  // The existing groups the new blocks join, and their ancestors: those frames may grow.
  const into = new Set<string>()
  for (const n of nodes)
    if (n.group !== undefined && !newGroups.has(n.group))
      for (const g of [n.group, ...tree.ancestors(n.group)]) into.add(g)
  const boxes = groupBoxes(added.doc)
  const items: Box[] = [
    ...nodes
      .filter((n) => n.group === undefined || !newGroups.has(n.group))
      .map((n) => ({
        ...n.position,
        ...BLOCK_SIZE,
      })),
    // A new group (a composite, a pasted group) counts as its whole frame, title bar included.
    ...[...newGroups].flatMap((g) => {
      const b = boxes.get(g)
      return b && !newGroups.has(tree.parentOf(g) ?? '') ? [b] : []
    }),
  ]
  const offset = clearOffset(items, obstacles(before, into))
  if (!offset.x && !offset.y) return added.doc
  return moveNodes(
    added.doc,
    new Map(nodes.map((n) => [n.id, { x: n.position.x + offset.x, y: n.position.y + offset.y }])),
  )
}

/** The innermost unfolded, visible group whose frame holds point `p`: a block put there joins it. */
export function openGroupAt(doc: GraphDoc, p: XY): string | undefined {
  const boxes = groupBoxes(doc)
  const tree = groupTree(doc)
  return [...tree.topDown].reverse().find((id) => {
    const b = boxes.get(id)
    const open = !tree.groups.get(id)?.collapsed && tree.hiddenBy(id) === undefined
    return open && b && p.x >= b.x && p.x <= b.x + b.width && p.y >= b.y && p.y <= b.y + b.height
  })
}
