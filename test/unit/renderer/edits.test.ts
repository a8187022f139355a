import { expect, test } from 'vitest'
import { validateGraph } from '../../../common/graph/validate'
import {
  addBlock,
  copyItems,
  deleteItems,
  edgeKey,
  groupItems,
  ungroup,
  pasteClip,
  renameNode,
  setNodeGroup,
  setRecipe,
} from '../../../renderer/document/edits'
import { chain, doc, fixture } from '../../helpers/docs'
import { loadTemplateDoc } from '../../helpers/templates'

const tied = () =>
  doc({
    nodes: [
      { id: 'x', kind: 'input', params: { shape: [784] } },
      { id: 'enc', kind: 'dense', params: { units: 30 } },
      { id: 'dec', kind: 'denseTranspose', params: { tiedTo: 'enc', activation: 'sigmoid' } },
    ],
    edges: chain('x', 'enc', 'dec'),
  })

test('a new block gets its schema’s defaults and an id that does not clash', () => {
  const d = doc({ nodes: [{ id: 'dense', kind: 'dense' }] })
  const { doc: next, nodeIds } = addBlock(d, 'dense', { x: 10.4, y: 20.6 })
  expect(nodeIds).toEqual(['dense_2'])
  const added = next.nodes.find((n) => n.id === 'dense_2')
  expect(added?.params).toEqual({
    units: 64,
    activation: 'relu',
    useBias: true,
    kernelInitializer: 'glorotUniform',
  })
  expect(added?.position).toEqual({ x: 10, y: 21 })
  expect(addBlock(d, 'conv2dTranspose', { x: 0, y: 0 }).nodeIds).toEqual(['conv2d_transpose'])
})

test('deleting a group deletes its blocks and every edge that touched them', () => {
  const vae = fixture('vae')
  const next = deleteItems(vae, { groupIds: ['decoder'] })
  expect(next.groups.map((g) => g.id)).toEqual(['encoder'])
  expect(next.nodes.some((n) => n.group === 'decoder')).toBe(false)
  const ids = new Set(next.nodes.map((n) => n.id))
  expect(next.edges.every((e) => ids.has(e.source) && ids.has(e.target))).toBe(true)
  expect(next.edges.length).toBeLessThan(vae.edges.length)
})

test('deleting an edge by its key removes only that edge', () => {
  const d = tied()
  const first = d.edges[0]
  if (!first) throw new Error('no edge')
  const next = deleteItems(d, { edgeIds: [edgeKey(first)] })
  expect(next.edges).toHaveLength(d.edges.length - 1)
  expect(next.nodes).toHaveLength(d.nodes.length)
})

test('paste gives fresh ids, keeps internal edges and ties, drops edges to the outside', () => {
  const d = tied()
  const clip = copyItems(d, { nodeIds: ['enc', 'dec'], groupIds: [] })
  expect(clip.edges).toHaveLength(1) // enc → dec; x → enc leaves the selection
  const { doc: next, nodeIds } = pasteClip(d, clip, { x: 40, y: 40 })
  expect(nodeIds).toEqual(['enc_2', 'dec_2'])
  expect(next.edges.filter((e) => e.target === 'dec_2')).toEqual([
    { source: 'enc_2', sourceHandle: 'out', target: 'dec_2', targetHandle: 'in' },
  ])
  expect(next.nodes.find((n) => n.id === 'dec_2')?.params['tiedTo']).toBe('enc_2')
  const enc = next.nodes.find((n) => n.id === 'enc')
  const copy = next.nodes.find((n) => n.id === 'enc_2')
  expect(copy?.position).toEqual({ x: (enc?.position.x ?? 0) + 40, y: (enc?.position.y ?? 0) + 40 })
  // The copy's input is open, so the graph reports it rather than silently sharing x.
  expect(validateGraph(next).errors.map((e) => e.nodeId)).toContain('enc_2')
})

test('paste renames only the params a block declares as references, not any string equal to an id', () => {
  // A block named 'relu' is copied with a Dense whose activation is the string 'relu'.
  const d = doc({
    nodes: [
      { id: 'x', kind: 'input', params: { shape: [784] } },
      { id: 'relu', kind: 'dense', params: { units: 30 } },
      { id: 'act', kind: 'dense', params: { units: 8, activation: 'relu' } },
      { id: 'dec', kind: 'denseTranspose', params: { tiedTo: 'relu', activation: 'relu' } },
    ],
    edges: chain('x', 'relu', 'act'),
  })
  const { doc: next } = pasteClip(
    d,
    copyItems(d, { nodeIds: ['relu', 'act', 'dec'], groupIds: [] }),
    { x: 0, y: 0 },
  )
  expect(next.nodes.find((n) => n.id === 'act_2')?.params['activation']).toBe('relu')
  expect(next.nodes.find((n) => n.id === 'dec_2')?.params).toEqual({
    tiedTo: 'relu_2',
    activation: 'relu',
  })
})

test('renaming a block carries its edges, the layers tied to it and those sharing it', () => {
  const d = doc({
    nodes: [
      { id: 'x', kind: 'input', params: { shape: [784] } },
      { id: 'tanh', kind: 'dense', params: { units: 30 } },
      { id: 'again', kind: 'dense', params: { units: 30 }, share: 'tanh' },
      { id: 'dec', kind: 'denseTranspose', params: { tiedTo: 'tanh', activation: 'tanh' } },
    ],
    edges: chain('x', 'tanh', 'dec'),
  })
  const renamed = renameNode(d, 'tanh', 'codings')
  if (!renamed.ok) throw new Error(renamed.error)
  const next = renamed.value
  expect(next.nodes.map((n) => n.id)).toEqual(['x', 'codings', 'again', 'dec'])
  expect(next.edges.map((e) => `${e.source}>${e.target}`)).toEqual(['x>codings', 'codings>dec'])
  expect(next.nodes.find((n) => n.id === 'again')?.share).toBe('codings')
  // The tie follows; a param that merely holds the same text does not.
  expect(next.nodes.find((n) => n.id === 'dec')?.params).toEqual({
    tiedTo: 'codings',
    activation: 'tanh',
  })
  expect(renameNode(d, 'tanh', 'dec')).toEqual({ ok: false, error: "the id 'dec' is taken" })
  expect(renameNode(d, 'tanh', '2x').ok).toBe(false)
  expect(renameNode(d, 'nope', 'y')).toEqual({ ok: false, error: "there is no block 'nope'" })
})

test('copying a group brings its blocks; the pasted group is a new group with its own blocks', () => {
  const vae = fixture('vae')
  const clip = copyItems(vae, { nodeIds: [], groupIds: ['decoder'] })
  const decoderBlocks = vae.nodes.filter((n) => n.group === 'decoder')
  expect(clip.nodes).toHaveLength(decoderBlocks.length)
  const { doc: next, groupIds, nodeIds } = pasteClip(vae, clip, { x: 500, y: 0 })
  expect(groupIds).toEqual(['decoder_2'])
  expect(next.groups.find((g) => g.id === 'decoder_2')?.name).toBe('Decoder copy')
  expect(nodeIds.every((id) => next.nodes.find((n) => n.id === id)?.group === 'decoder_2')).toBe(
    true,
  )
  expect(next.edges.filter((e) => nodeIds.includes(e.target))).toHaveLength(
    decoderBlocks.length - 1,
  )
})

test('a block moves into and out of a group', () => {
  const vae = fixture('vae')
  const id = vae.nodes.find((n) => n.group === 'decoder')?.id ?? ''
  const out = setNodeGroup(vae, id, undefined)
  expect(out.nodes.find((n) => n.id === id)).not.toHaveProperty('group')
  expect(setNodeGroup(out, id, 'encoder').nodes.find((n) => n.id === id)?.group).toBe('encoder')
})

test('switching the recipe keeps the common settings and starts the recipe’s own from defaults', () => {
  const vae = fixture('vae')
  const gan = setRecipe(vae, 'gan')
  expect(gan.training.recipe).toBe('gan')
  expect(gan.training.epochs).toBe(vae.training.epochs)
  expect(gan.training.optimizer).toEqual(vae.training.optimizer)
  expect(gan.training.settings).toEqual({
    codingsSize: 30,
    replayBufferSize: 0,
    labelSmoothing: 0,
    discriminatorSteps: 1,
  })
  // The VAE's groups do not fit the GAN recipe, and validation says so.
  expect(validateGraph(gan).ok).toBe(false)
})

test('grouping blocks of one model nests the new group there; ungrouping gives them back', () => {
  const vae = loadTemplateDoc('vae')
  const added = groupItems(
    vae,
    { nodeIds: ['codings_mean', 'codings_log_var'], groupIds: [] },
    'Heads',
  )
  const id = added.groupIds[0]
  expect(added.doc.groups.find((g) => g.id === id)).toEqual({
    id,
    name: 'Heads',
    parent: 'encoder',
    collapsed: false,
  })
  expect(added.doc.nodes.filter((n) => n.group === id).map((n) => n.id)).toEqual([
    'codings_mean',
    'codings_log_var',
  ])
  // Still a valid VAE: the frame has no role, the blocks stay in the encoder's model.
  expect(validateGraph(added.doc).errors).toEqual([])
  const back = ungroup(added.doc, id ?? '')
  expect(back.groups).toEqual(vae.groups)
  expect(back.nodes).toEqual(vae.nodes)
})

test('grouping blocks from two models puts the new group at the top level, around whole groups too', () => {
  const vae = loadTemplateDoc('vae')
  const added = groupItems(vae, { nodeIds: ['flatten'], groupIds: ['decoder'] }, 'Mixed')
  const id = added.groupIds[0]
  const group = added.doc.groups.find((g) => g.id === id)
  expect(group?.parent).toBeUndefined()
  expect(added.doc.groups.find((g) => g.id === 'decoder')?.parent).toBe(id)
  expect(ungroup(added.doc, id ?? '').groups).toEqual(vae.groups)
})
