import { expect, test } from 'vitest'
import { setParams, addBlock, moveNodes } from '../../../renderer/document/edits'
import {
  BURST_MS,
  commit,
  createGraphStore,
  loadDocument,
  redo,
  undo,
} from '../../../renderer/store/graphStore'
import { fixture } from '../../helpers/docs'

/** A store with a hand-driven clock, so burst timing is exact. */
function storeAt(start = 0) {
  let t = start
  const store = createGraphStore(fixture('vae'), () => t)
  return { store, advance: (ms: number) => (t += ms) }
}

const unitsOf = (store: ReturnType<typeof createGraphStore>, id: string) =>
  store.getState().doc.nodes.find((n) => n.id === id)?.params['units']

test('a typing burst in one field is one undo step', () => {
  const { store, advance } = storeAt()
  const typeUnits = (units: number) => {
    const node = store.getState().doc.nodes.find((n) => n.id === 'enc_dense_150')
    const params = { ...node?.params, units }
    commit(store, setParams(store.getState().doc, 'enc_dense_150', params), {
      burst: 'params:enc_dense_150:units',
    })
    advance(200)
  }
  typeUnits(2)
  typeUnits(20)
  typeUnits(200)
  expect(unitsOf(store, 'enc_dense_150')).toBe(200)
  expect(store.temporal.getState().pastStates).toHaveLength(1)
  undo(store)
  expect(unitsOf(store, 'enc_dense_150')).toBe(150)
  redo(store)
  expect(unitsOf(store, 'enc_dense_150')).toBe(200)
})

test('a pause longer than the burst window, or another field, starts a new step', () => {
  const { store, advance } = storeAt()
  const set = (id: string, units: number) => {
    const node = store.getState().doc.nodes.find((n) => n.id === id)
    commit(store, setParams(store.getState().doc, id, { ...node?.params, units }), {
      burst: `params:${id}:units`,
    })
  }
  set('enc_dense_150', 120)
  advance(BURST_MS + 1)
  set('enc_dense_150', 121)
  set('enc_dense_100', 90)
  expect(store.temporal.getState().pastStates).toHaveLength(3)
  undo(store)
  expect(unitsOf(store, 'enc_dense_100')).toBe(100)
  expect(unitsOf(store, 'enc_dense_150')).toBe(121)
  undo(store)
  expect(unitsOf(store, 'enc_dense_150')).toBe(120)
})

test('every named edit is its own step, and a drag commits as one', () => {
  const { store } = storeAt()
  const before = store.getState().doc
  const added = addBlock(before, 'dense', { x: 0, y: 0 })
  commit(store, added.doc)
  commit(store, moveNodes(store.getState().doc, new Map([['dense', { x: 300, y: 40 }]])))
  expect(store.temporal.getState().pastStates).toHaveLength(2)
  undo(store)
  expect(store.getState().doc.nodes.find((n) => n.id === 'dense')?.position).toEqual({ x: 0, y: 0 })
  undo(store)
  expect(store.getState().doc).toBe(before)
})

test('loading a document (a template) starts a clean history and a clean state', () => {
  const { store } = storeAt()
  commit(store, addBlock(store.getState().doc, 'dense', { x: 0, y: 0 }).doc)
  expect(store.getState().doc).not.toBe(store.getState().savedDoc)
  const gan = fixture('simple-gan')
  loadDocument(store, gan, null)
  expect(store.getState().doc).toBe(gan)
  expect(store.getState().savedDoc).toBe(gan)
  expect(store.temporal.getState().pastStates).toHaveLength(0)
  undo(store)
  expect(store.getState().doc).toBe(gan)
})

test('recovered work loads dirty', () => {
  const { store } = storeAt()
  const gan = fixture('simple-gan')
  loadDocument(store, gan, 'gan.json', false)
  expect(store.getState().savedDoc).toBeNull()
  expect(store.getState().fileName).toBe('gan.json')
})
