import { expect, test } from 'vitest'
import { inferShapes } from '../../../common/graph/inferShapes'
import type { GraphDoc } from '../../../common/graph/schema'
import { canConnect, type Attempt } from '../../../renderer/document/connection'
import { chain, doc } from '../../helpers/docs'

const graph = doc({
  nodes: [
    { id: 'img', kind: 'input', params: { shape: [28, 28, 1] } },
    { id: 'conv', kind: 'conv2d', params: { filters: 8 } },
    { id: 'flat', kind: 'flatten' },
    { id: 'dense', kind: 'dense', params: { units: 10 } },
    { id: 'free', kind: 'dense', params: { units: 4 } },
    { id: 'add', kind: 'add' },
  ],
  edges: chain('img', 'conv', 'flat'),
})

const check = (d: GraphDoc, a: Attempt) => canConnect(d, inferShapes(d), a)

test('a valid connection is allowed', () => {
  expect(check(graph, { source: 'flat', target: 'dense', targetHandle: 'in' })).toEqual({
    ok: true,
    value: true,
  })
})

test('a shape the target cannot take is refused with the block’s own message', () => {
  const r = check(graph, { source: 'conv', target: 'dense', targetHandle: 'in' })
  expect(r).toEqual({ ok: false, error: 'Dense after Conv2D needs Flatten: got [null,28,28,8]' })
})

test('self-loops, cycles, taken inputs and missing handles are refused', () => {
  expect(check(graph, { source: 'conv', target: 'conv', targetHandle: 'in' }).ok).toBe(false)
  const cycle = check(graph, { source: 'flat', target: 'conv', targetHandle: 'in' })
  expect(cycle.ok).toBe(false)
  const taken = check(graph, { source: 'free', target: 'flat', targetHandle: 'in' })
  expect(taken).toEqual({
    ok: false,
    error: 'that input is already connected: use a merge block (Add, Concatenate)',
  })
  expect(check(graph, { source: 'flat', target: 'img', targetHandle: 'in' }).ok).toBe(false)
})

test('a merge checks shapes once every other input is known', () => {
  // First input: nothing to compare with yet.
  expect(check(graph, { source: 'flat', target: 'add', targetHandle: 'in0' }).ok).toBe(true)
  const withOne = doc({
    nodes: graph.nodes.map((n) => ({ id: n.id, kind: n.kind, params: n.params })),
    edges: [
      ...chain('img', 'conv', 'flat'),
      { source: 'flat', target: 'add', targetHandle: 'in0' },
    ],
  })
  const r = check(withOne, { source: 'conv', target: 'add', targetHandle: 'in1' })
  expect(r.ok).toBe(false)
})
