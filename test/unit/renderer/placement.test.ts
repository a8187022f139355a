import { expect, test } from 'vitest'
import { COMPOSITES, insertComposite } from '../../../common/graph/composites'
import { BLOCK_SIZE, groupBoxes, groupTree, type Box } from '../../../common/graph/groups'
import type { GraphDoc } from '../../../common/graph/schema'
import { addBlock, copyItems, pasteClip } from '../../../renderer/document/edits'
import { clearOffset, placeClear } from '../../../renderer/document/placement'
import { NO_SELECTION } from '../../../renderer/store/uiStore'
import { loadTemplateDoc } from '../../helpers/templates'

const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height

/** Every pair of visible blocks and sibling frames that overlap. */
function clashes(doc: GraphDoc): string[] {
  const tree = groupTree(doc)
  const boxes = groupBoxes(doc)
  const items = [
    ...doc.nodes
      .filter((n) => tree.hiddenBy(n.group) === undefined)
      .map((n) => ({ id: n.id, parent: n.group, box: { ...n.position, ...BLOCK_SIZE } })),
    ...[...boxes].map(([id, box]) => ({ id, parent: tree.parentOf(id), box })),
  ]
  const contains = (outer: string, inner: { id: string; parent: string | undefined }) =>
    inner.parent !== undefined &&
    (inner.parent === outer || tree.ancestors(inner.parent).includes(outer))
  return items.flatMap((a, i) =>
    items
      .slice(i + 1)
      .filter((b) => !contains(a.id, b) && !contains(b.id, a) && overlap(a.box, b.box))
      .map((b) => `${a.id}×${b.id}`),
  )
}

test('a clear spot is the nearest one on the grid, with room for the handles', () => {
  const blocked = [{ x: 0, y: 0, width: 170, height: 60 }]
  expect(clearOffset([{ x: 500, y: 500, width: 170, height: 60 }], blocked)).toEqual({ x: 0, y: 0 })
  const off = clearOffset([{ x: 0, y: 0, width: 170, height: 60 }], blocked)
  // Straight up or down by the block's height and its margin: the shortest way out.
  expect(off.x).toBe(0)
  expect(Math.abs(off.y)).toBe(80)
})

test('blocks dropped one on another, a composite dropped on a template and pastes all land clear', () => {
  let doc = loadTemplateDoc('vae')
  const encoderBlock = doc.nodes.find((n) => n.id === 'enc_dense_150')
  if (!encoderBlock) throw new Error('no block')
  // Three drops on the same point inside the encoder.
  for (let i = 0; i < 3; i++) {
    const added = addBlock(doc, 'dense', encoderBlock.position, 'encoder')
    const placed = placeClear(doc, added)
    const p = placed.nodes.find((n) => n.id === added.nodeIds[0])?.position
    if (!p) throw new Error('not added')
    // Near where it was dropped, not far away.
    expect(Math.hypot(p.x - encoderBlock.position.x, p.y - encoderBlock.position.y)).toBeLessThan(
      400,
    )
    doc = placed
  }
  expect(clashes(doc)).toEqual([])
  // The Decoder composite dropped onto the encoder's frame.
  const composite = COMPOSITES.find((c) => c.kind === 'decoder')
  if (!composite) throw new Error('no decoder composite')
  const ins = insertComposite(doc, composite, encoderBlock.position)
  doc = placeClear(doc, {
    doc: ins.doc,
    nodeIds: ins.nodeIds,
    groupIds: ins.groupId ? [ins.groupId] : [],
  })
  expect(clashes(doc)).toEqual([])
  // The whole decoder pasted twice at the smallest offset.
  const clip = copyItems(doc, { ...NO_SELECTION, groupIds: new Set(['decoder']) })
  for (let i = 0; i < 2; i++) doc = placeClear(doc, pasteClip(doc, clip, { x: 40, y: 40 }))
  expect(doc.groups.filter((g) => g.role === 'decoder')).toHaveLength(4)
  expect(clashes(doc)).toEqual([])
})
