import { expect, test } from 'vitest'
import { inferShapes } from '../../../common/graph/inferShapes'
import { fmtKerasShape } from '../../../common/graph/shape'
import { insertCandidates, insertConnected } from '../../../renderer/document/quickInsert'
import { readPrefs } from '../../../renderer/store/prefsStore'
import { loadTemplateDoc } from '../../helpers/templates'

test('from a Dense output, only the blocks that take a flat vector are offered, with their shapes', () => {
  const doc = loadTemplateDoc('vae')
  const offered = insertCandidates(doc, { node: 'enc_dense_100', handle: 'out', side: 'source' })
  const kinds = offered.map((c) => c.kind)
  expect(kinds).toEqual(expect.arrayContaining(['dense', 'dropout', 'batchNormalization']))
  // Images only: a flat (None, 100) cannot feed them.
  for (const k of ['conv2d', 'maxPool2d', 'flatten', 'input']) expect(kinds).not.toContain(k)
  expect(offered.find((c) => c.kind === 'dense')?.shape).toEqual([null, 64])
  expect(offered.find((c) => c.kind === 'dropout')?.shape).toEqual([null, 100])
})

test('from an image output, convolutions are offered and Dense layers are not', () => {
  const doc = loadTemplateDoc('conv-ae')
  const kinds = insertCandidates(doc, { node: 'conv_16', handle: 'out', side: 'source' }).map(
    (c) => c.kind,
  )
  expect(kinds).toEqual(expect.arrayContaining(['conv2d', 'maxPool2d', 'flatten']))
  expect(kinds).not.toContain('lstm')
})

test('choosing a block inserts it connected, in one document, clear of the others', () => {
  const doc = loadTemplateDoc('vae')
  const at = doc.nodes.find((n) => n.id === 'flatten')?.position ?? { x: 0, y: 0 }
  const made = insertConnected(doc, 'dropout', at, {
    node: 'enc_dense_100',
    handle: 'out',
    side: 'source',
  })
  if (!made.ok) throw new Error(made.error)
  const [id] = made.value.nodeIds
  expect(made.value.doc.edges).toContainEqual({
    source: 'enc_dense_100',
    sourceHandle: 'out',
    target: id,
    targetHandle: 'in',
  })
  expect(inferShapes(made.value.doc).shapes.get(id ?? '')).toEqual([null, 100])
  // Asked for the Flatten block's place: it moved aside.
  expect(made.value.doc.nodes.find((n) => n.id === id)?.position).not.toEqual(at)
  // Dragged from an input: the new block feeds it.
  const loose = { ...doc, edges: doc.edges.filter((e) => e.target !== 'enc_dense_150') }
  const fed = insertConnected(
    loose,
    'dense',
    { x: 900, y: 900 },
    {
      node: 'enc_dense_150',
      handle: 'in',
      side: 'target',
    },
  )
  if (!fed.ok) throw new Error(fed.error)
  expect(fed.value.doc.edges.at(-1)).toMatchObject({ target: 'enc_dense_150', targetHandle: 'in' })
  expect(
    insertConnected(
      doc,
      'conv2d',
      { x: 0, y: 0 },
      { node: 'enc_dense_100', handle: 'out', side: 'source' },
    ).ok,
  ).toBe(false)
})

test('shapes read as Keras writes them', () => {
  expect(fmtKerasShape([null, 28, 28])).toBe('(None, 28, 28)')
  expect(fmtKerasShape([null])).toBe('(None,)')
})

test('remembered layout: unreadable or out-of-range preferences fall back to the defaults', () => {
  expect(readPrefs(null)).toMatchObject({ sideWidth: 330, shapeStyle: 'keras' })
  expect(readPrefs('{not json')).toMatchObject({ paletteWidth: 210 })
  const read = readPrefs(
    JSON.stringify({
      sideWidth: 5000,
      paletteWidth: 180,
      collapsed: { inspector: true },
      shapeStyle: 'x',
    }),
  )
  expect(read).toMatchObject({ sideWidth: 330, paletteWidth: 180, shapeStyle: 'keras' })
  expect(read.collapsed).toEqual({
    palette: false,
    inspector: true,
    problems: false,
    summary: false,
    dock: false,
  })
})
