import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { groupBoxes, groupIssues, groupTree } from '../../../common/graph/groups'
import { inferShapes } from '../../../common/graph/inferShapes'
import { layoutPositions } from '../../../common/graph/layout'
import { partitionModels } from '../../../common/graph/partition'
import { parseDocumentText } from '../../../common/graph/parse'
import { GRAPH_VERSION } from '../../../common/graph/schema'
import { validateGraph } from '../../../common/graph/validate'
import { toFlow } from '../../../renderer/canvas/flowModel'
import { moveNodes, updateGroup } from '../../../renderer/document/edits'
import { NO_SELECTION } from '../../../renderer/store/uiStore'
import { chain, doc, fixture } from '../../helpers/docs'

/**
 * A denoiser-like model: the Denoiser group (role) holds two frames without a role, "down" and
 * "up", and "up" holds "head"; one block sits directly in the Denoiser.
 */
const nested = () =>
  doc({
    nodes: [
      { id: 'x', kind: 'input', params: { shape: [8] }, group: 'den' },
      { id: 'd1', kind: 'dense', params: { units: 16 }, group: 'down' },
      { id: 'd2', kind: 'dense', params: { units: 16 }, group: 'down' },
      { id: 'u1', kind: 'dense', params: { units: 16 }, group: 'up' },
      { id: 'h1', kind: 'dense', params: { units: 8, activation: 'linear' }, group: 'head' },
    ],
    edges: chain('x', 'd1', 'd2', 'u1', 'h1'),
    groups: [
      { id: 'den', name: 'Denoiser', role: 'model' },
      { id: 'down', name: 'Down', parent: 'den' },
      { id: 'up', name: 'Up', parent: 'den' },
      { id: 'head', name: 'Head', parent: 'up' },
    ] as never,
  })

test('a version 1 document migrates to version 2 with its groups unchanged', () => {
  const text = readFileSync('test/fixtures/vae.json', 'utf8')
  expect(JSON.parse(text)).toMatchObject({ version: 1 })
  const parsed = parseDocumentText(text)
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error))
  expect(parsed.value.version).toBe(GRAPH_VERSION)
  expect(parsed.value.groups.map((g) => [g.id, g.role, g.parent])).toEqual([
    ['encoder', 'encoder', undefined],
    ['decoder', 'decoder', undefined],
  ])
})

test('the group tree: parents, children, membership, the model a block compiles into', () => {
  const d = nested()
  const tree = groupTree(d)
  expect(tree.topDown).toEqual(['den', 'down', 'up', 'head'])
  expect(tree.ancestors('head')).toEqual(['up', 'den'])
  expect(tree.children('den')).toEqual(['down', 'up'])
  expect(tree.allBlocksIn('up')).toEqual(['u1', 'h1'])
  expect(tree.allBlocksIn('den').sort()).toEqual(['d1', 'd2', 'h1', 'u1', 'x'])
  expect(tree.modelGroupOf('head')).toBe('den')
  expect(tree.depth('head')).toBe(2)
  expect(tree.hiddenBy('head')).toBeUndefined()
  const collapsed = groupTree(
    updateGroup(updateGroup(d, 'up', { collapsed: true }), 'den', { collapsed: true }),
  )
  expect(collapsed.hiddenBy('head')).toBe('den')
})

test('blocks in frames without a role compile into the enclosing model', () => {
  const d = nested()
  const { plans, issues } = partitionModels(d, inferShapes(d))
  expect(issues).toEqual([])
  expect(groupIssues(d)).toEqual([])
  expect(plans.map((p) => [p.id, p.role, p.nodes.length])).toEqual([['den', 'model', 5]])
})

test('a loop of parents, a missing parent and a model inside a model are reported', () => {
  const base = nested()
  const loop = {
    ...base,
    groups: base.groups.map((g) => (g.id === 'den' ? { ...g, parent: 'head' } : g)),
  }
  expect(groupIssues(loop).map((i) => i.message)).toContain(
    "group 'Denoiser' is inside itself (its parents form a loop)",
  )
  const missing = updateGroup(base, 'down', { parent: 'nowhere' })
  expect(groupIssues(missing).map((i) => i.message)).toEqual([
    "group 'Down' is inside 'nowhere', which does not exist",
  ])
  const inner = updateGroup(base, 'head', { role: 'decoder' })
  expect(validateGraph(inner).errors.map((e) => e.message)).toContain(
    "group 'Head' has the role decoder but is inside 'Denoiser', which has one too: only one group on a path may be a model",
  )
})

test('frames enclose their child frames; layout keeps every box apart and flows down', async () => {
  const d = nested()
  const laid = moveNodes(d, await layoutPositions(d))
  const boxes = groupBoxes(laid)
  const inside = (a: string, b: string) => {
    const [p, c] = [boxes.get(a), boxes.get(b)]
    if (!p || !c) throw new Error('no box')
    return (
      c.x > p.x && c.y > p.y && c.x + c.width < p.x + p.width && c.y + c.height < p.y + p.height
    )
  }
  expect(inside('den', 'down') && inside('den', 'up') && inside('up', 'head')).toBe(true)
  const [down, up] = [boxes.get('down'), boxes.get('up')]
  if (!down || !up) throw new Error('no box')
  const apart =
    down.y + down.height <= up.y || up.y + up.height <= down.y || down.x + down.width <= up.x
  expect(apart).toBe(true)
  const y = (id: string) => laid.nodes.find((n) => n.id === id)?.position.y ?? NaN
  expect(y('d1')).toBeLessThan(y('d2'))
  expect(y('d2')).toBeLessThan(y('u1'))
  expect(y('u1')).toBeLessThan(y('h1'))
})

test('the canvas nests frames: parents first, positions relative, collapsed ancestors hide', () => {
  const d = nested()
  const { nodes, edges } = toFlow(d, validateGraph(d), NO_SELECTION, new Map())
  const at = (id: string) => nodes.findIndex((n) => n.id === id)
  expect(at('den')).toBeLessThan(at('up'))
  expect(at('up')).toBeLessThan(at('head'))
  expect(at('head')).toBeLessThan(at('h1'))
  const boxes = groupBoxes(d)
  const head = nodes.find((n) => n.id === 'head')
  expect(head?.parentId).toBe('up')
  expect(head?.position).toEqual({
    x: (boxes.get('head')?.x ?? 0) - (boxes.get('up')?.x ?? 0),
    y: (boxes.get('head')?.y ?? 0) - (boxes.get('up')?.y ?? 0),
  })
  expect(nodes.find((n) => n.id === 'den')?.data).toMatchObject({ blocks: 5 })
  expect(edges).toHaveLength(4)

  const folded = updateGroup(d, 'up', { collapsed: true })
  const flow = toFlow(folded, validateGraph(folded), NO_SELECTION, new Map())
  expect(
    flow.nodes
      .filter((n) => n.hidden)
      .map((n) => n.id)
      .sort(),
  ).toEqual(['h1', 'head', 'u1'])
  // d2 → u1 now ends at the collapsed frame; u1 → h1 is inside it and not drawn.
  expect(flow.edges.map((e) => `${e.source}>${e.target}`)).toEqual(['x>d1', 'd1>d2', 'd2>up'])
})

test('the chapter templates still lay out and validate as before', async () => {
  const vae = fixture('vae')
  expect(validateGraph(vae).errors).toEqual([])
  expect((await layoutPositions(vae)).size).toBe(vae.nodes.length)
})
