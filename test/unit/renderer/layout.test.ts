import { expect, test } from 'vitest'
import { loadTemplate } from '../../../main/documents/templates'
import {
  BLOCK_HEIGHT,
  BLOCK_WIDTH,
  COLLAPSED_SIZE,
  groupBoxes,
  groupTree,
} from '../../../common/graph/groups'
import { layoutPositions } from '../../../common/graph/layout'
import { moveNodes } from '../../../renderer/document/edits'

const overlap = (
  a: { x: number; y: number; width: number; height: number },
  b: { x: number; y: number; width: number; height: number },
) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height

type Rect = Parameters<typeof overlap>[0]
const overlappingPairs = (rects: readonly Rect[]) =>
  rects.reduce((sum, a, i) => sum + rects.slice(i + 1).filter((b) => overlap(a, b)).length, 0)

test.each(['vae', 'gan', 'pretrain-classifier', 'diffusion'])(
  'auto-layout of %s: no blocks or groups overlap, data flows down inside groups',
  async (id) => {
    const t = loadTemplate(id)
    if (!t.ok) throw new Error(JSON.stringify(t.error))
    const laid = moveNodes(t.value, await layoutPositions(t.value))
    expect(laid.nodes.map((n) => n.id)).toEqual(t.value.nodes.map((n) => n.id))
    // What the canvas shows: blocks not folded away, frames (a folded one at its folded size).
    const tree = groupTree(laid)
    const rects = laid.nodes
      .filter((n) => tree.hiddenBy(n.group) === undefined)
      .map((n) => ({ ...n.position, width: BLOCK_WIDTH, height: BLOCK_HEIGHT }))
    expect(overlappingPairs(rects)).toBe(0)
    const frames = [...groupBoxes(laid)]
      .filter(([g]) => tree.hiddenBy(tree.parentOf(g)) === undefined)
      .map(([g, b]) => (tree.groups.get(g)?.collapsed ? { ...b, ...COLLAPSED_SIZE } : b))
    // Frames nest: only siblings must keep apart.
    const siblings = (a: string, b: string) => tree.parentOf(a) === tree.parentOf(b)
    const ids = [...groupBoxes(laid).keys()].filter(
      (g) => tree.hiddenBy(tree.parentOf(g)) === undefined,
    )
    const clashes = ids.flatMap((a, i) =>
      ids
        .slice(i + 1)
        .filter((b) => siblings(a, b))
        .filter((b) => {
          const [ra, rb] = [frames[ids.indexOf(a)], frames[ids.indexOf(b)]]
          return ra !== undefined && rb !== undefined && overlap(ra, rb)
        }),
    )
    expect(clashes).toEqual([])
    const at = new Map(laid.nodes.map((n) => [n.id, n]))
    for (const e of laid.edges) {
      const s = at.get(e.source)
      const d = at.get(e.target)
      if (s && d && s.group === d.group) expect(d.position.y).toBeGreaterThan(s.position.y)
    }
  },
)
