import { expect, test } from 'vitest'
import { validateGraph } from '../../../common/graph/validate'
import { updateGroup } from '../../../renderer/document/edits'
import { groupBoxes } from '../../../common/graph/groups'
import { toFlow } from '../../../renderer/canvas/flowModel'
import { NO_SELECTION } from '../../../renderer/store/uiStore'
import { fixture } from '../../helpers/docs'

const vae = fixture('vae')

test('blocks sit inside their group, positioned relative to it, with their output shapes', () => {
  const { nodes } = toFlow(vae, validateGraph(vae), NO_SELECTION, new Map())
  const box = groupBoxes(vae).get('encoder')
  const images = nodes.find((n) => n.id === 'images')
  const original = vae.nodes.find((n) => n.id === 'images')
  expect(images?.parentId).toBe('encoder')
  expect(images?.position).toEqual({
    x: (original?.position.x ?? 0) - (box?.x ?? 0),
    y: (original?.position.y ?? 0) - (box?.y ?? 0),
  })
  expect(images?.data).toMatchObject({ label: 'Input', shape: '[null,28,28]', issues: [] })
  // Parents come before their children, as React Flow requires.
  expect(nodes.findIndex((n) => n.id === 'encoder')).toBeLessThan(
    nodes.findIndex((n) => n.id === 'images'),
  )
})

test('edges carry the shape that flows along them', () => {
  const { edges } = toFlow(vae, validateGraph(vae), NO_SELECTION, new Map())
  const e = edges.find((x) => x.source === 'flatten')
  expect(e?.data?.shape).toBe('[null,784]')
})

test('a collapsed group hides its blocks and takes their outside edges', () => {
  const collapsed = updateGroup(vae, 'decoder', { collapsed: true })
  const { nodes, edges } = toFlow(collapsed, validateGraph(collapsed), NO_SELECTION, new Map())
  const decoderBlocks = collapsed.nodes.filter((n) => n.group === 'decoder').map((n) => n.id)
  expect(nodes.filter((n) => decoderBlocks.includes(n.id)).every((n) => n.hidden)).toBe(true)
  expect(nodes.find((n) => n.id === 'decoder')?.data).toMatchObject({
    collapsed: true,
    params: 134_634,
  })
  // codings → first decoder layer now ends on the group; edges inside the group are gone.
  expect(edges.filter((e) => e.target === 'decoder')).toHaveLength(1)
  expect(
    edges.some((e) => decoderBlocks.includes(e.target) || decoderBlocks.includes(e.source)),
  ).toBe(false)
})

test('invalid blocks carry their messages', () => {
  const broken = {
    ...vae,
    edges: vae.edges.filter((e) => e.target !== 'enc_dense_150'),
  }
  const { nodes } = toFlow(broken, validateGraph(broken), NO_SELECTION, new Map())
  expect(nodes.find((n) => n.id === 'enc_dense_150')?.data).toMatchObject({
    issues: ["input 'input' is not connected"],
  })
})

test('node data is reused while a node is unchanged (memoized nodes do not re-render)', () => {
  const report = validateGraph(vae)
  const a = toFlow(vae, report, NO_SELECTION, new Map())
  const b = toFlow(vae, report, NO_SELECTION, new Map([['images', { x: 5, y: 5 }]]))
  expect(b.nodes.find((n) => n.id === 'flatten')?.data).toBe(
    a.nodes.find((n) => n.id === 'flatten')?.data,
  )
  expect(b.nodes.find((n) => n.id === 'encoder')?.data).toBe(
    a.nodes.find((n) => n.id === 'encoder')?.data,
  )
})
