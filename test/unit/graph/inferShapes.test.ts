import { describe, expect, test } from 'vitest'
import { inferShapes } from '../../../common/graph/inferShapes'
import { chain, doc, type RawEdge, type RawNode } from '../../helpers/docs'

const issues = (nodes: RawNode[], edges: RawEdge[]) => inferShapes(doc({ nodes, edges })).issues
const img: RawNode = { id: 'img', kind: 'input', params: { shape: [28, 28, 1] } }

describe('inferShapes', () => {
  test('propagates shapes through a conv net, batch dimension null', () => {
    const report = inferShapes(
      doc({
        nodes: [
          img,
          { id: 'c1', kind: 'conv2d', params: { filters: 32, strides: 2 } },
          { id: 'c2', kind: 'conv2d', params: { filters: 64, strides: 2 } },
          { id: 'f', kind: 'flatten' },
          { id: 'd', kind: 'dense', params: { units: 10 } },
        ],
        edges: chain('img', 'c1', 'c2', 'f', 'd'),
      }),
    )
    expect(report.issues).toEqual([])
    expect(Object.fromEntries(report.shapes)).toEqual({
      img: [null, 28, 28, 1],
      c1: [null, 14, 14, 32],
      c2: [null, 7, 7, 64],
      f: [null, 3136],
      d: [null, 10],
    })
    expect(report.params.get('c1')).toEqual({ trainable: 3 * 3 * 1 * 32 + 32, nonTrainable: 0 })
  })

  test('Dense after Conv2D asks for a Flatten', () => {
    const result = issues(
      [
        img,
        { id: 'c', kind: 'conv2d', params: { filters: 64, strides: 4 } },
        { id: 'd', kind: 'dense' },
      ],
      chain('img', 'c', 'd'),
    )
    expect(result).toEqual([
      { nodeId: 'd', message: 'Dense after Conv2D needs Flatten: got [null,7,7,64]' },
    ])
  })

  test('Reshape reports a size mismatch with both sizes', () => {
    const result = issues(
      [
        { id: 'z', kind: 'input', params: { shape: [100] } },
        { id: 'r', kind: 'reshape', params: { targetShape: [28, 28] } },
      ],
      chain('z', 'r'),
    )
    expect(result).toEqual([
      { nodeId: 'r', message: 'Reshape to [28,28] needs 784 values, got 100 from [null,100]' },
    ])
  })

  test('Conv2D on flat vectors suggests a Reshape', () => {
    const result = issues(
      [
        { id: 'z', kind: 'input', params: { shape: [784] } },
        { id: 'c', kind: 'conv2d' },
      ],
      chain('z', 'c'),
    )
    expect(result[0]?.message).toBe(
      'Conv2D needs images [batch,height,width,channels]: got [null,784]; add a Reshape to [height,width,channels]',
    )
  })

  test('cycles are reported on every node of the cycle and nothing downstream is guessed', () => {
    const result = issues(
      [img, { id: 'a', kind: 'add' }, { id: 'b', kind: 'conv2d' }],
      [
        { source: 'img', target: 'a', targetHandle: 'in0' },
        { source: 'b', target: 'a', targetHandle: 'in1' },
        { source: 'a', target: 'b' },
      ],
    )
    expect(result.map((i) => i.nodeId)).toEqual(['a', 'b'])
    expect(result[0]?.message).toMatch(/is part of a cycle \(a, b\)/)
  })

  test('unconnected inputs, self-loops, dangling edges and doubled inputs', () => {
    const result = issues(
      [
        img,
        { id: 's', kind: 'sampling' },
        { id: 'd', kind: 'dense' },
        { id: 'f', kind: 'flatten' },
      ],
      [
        { source: 'img', target: 'f' },
        { source: 'f', target: 's', targetHandle: 'mean' },
        { source: 'd', target: 'd' },
        { source: 'ghost', target: 'f' },
        { source: 'img', target: 'f' },
        { source: 'img', target: 'd', targetHandle: 'side' },
      ],
    )
    expect(result).toEqual([
      { nodeId: 'd', message: 'is connected to itself' },
      {
        nodeId: 'f',
        message: "a connection ghost → f points to a node that does not exist ('ghost')",
      },
      {
        nodeId: 'f',
        message:
          "input 'in' has more than one connection; use a merge block (Add, Concatenate) to combine tensors",
      },
      { nodeId: 'd', message: "has no input 'side' (its inputs: 'in')" },
      { nodeId: 'd', message: "input 'input' is not connected" },
      { nodeId: 's', message: "input 'log variance' is not connected" },
    ])
  })

  test('merge conflicts name both shapes', () => {
    const nodes: RawNode[] = [
      { id: 'x', kind: 'input', params: { shape: [4, 4, 3] } },
      { id: 'y', kind: 'input', params: { shape: [4, 4, 5] } },
      { id: 'm', kind: 'add' },
      { id: 'c', kind: 'concatenate' },
      { id: 'y2', kind: 'input', params: { shape: [5, 4, 5] } },
    ]
    const result = issues(nodes, [
      { source: 'x', target: 'm', targetHandle: 'in0' },
      { source: 'y', target: 'm', targetHandle: 'in1' },
      { source: 'x', target: 'c', targetHandle: 'in0' },
      { source: 'y2', target: 'c', targetHandle: 'in1' },
    ])
    expect(result).toEqual([
      {
        nodeId: 'm',
        message: 'Add shapes conflict: [null,4,4,3] vs [null,4,4,5] (dims must match or be 1)',
      },
      {
        nodeId: 'c',
        message:
          'Concatenate shapes conflict on axis 1: [null,4,4,3] and [null,5,4,5] (all dims but axis -1 must match)',
      },
    ])
  })

  test('DenseTranspose takes its size from the tied Dense and reports bad ties', () => {
    const flat: RawNode = { id: 'x', kind: 'input', params: { shape: [784] } }
    const report = inferShapes(
      doc({
        nodes: [
          flat,
          { id: 'e1', kind: 'dense', params: { units: 100 } },
          { id: 'e2', kind: 'dense', params: { units: 30 } },
          { id: 't2', kind: 'denseTranspose', params: { tiedTo: 'e2' } },
          { id: 't1', kind: 'denseTranspose', params: { tiedTo: 'e1' } },
        ],
        edges: chain('x', 'e1', 'e2', 't2', 't1'),
      }),
    )
    expect(report.issues).toEqual([])
    expect(report.shapes.get('t2')).toEqual([null, 100])
    expect(report.shapes.get('t1')).toEqual([null, 784])
    expect(report.params.get('t1')).toEqual({ trainable: 784, nonTrainable: 0 })
    const bad = issues(
      [
        flat,
        { id: 'f', kind: 'dropout' },
        { id: 't', kind: 'denseTranspose', params: { tiedTo: 'f' } },
        { id: 'u', kind: 'denseTranspose', params: { tiedTo: 'nope' } },
      ],
      [...chain('x', 'f', 't'), { source: 'x', target: 'u' }],
    )
    expect([...bad].sort((a, b) => String(a.nodeId).localeCompare(String(b.nodeId)))).toEqual([
      {
        nodeId: 't',
        message: "DenseTranspose is tied to 'f', a dropout block; it needs a Dense layer",
      },
      { nodeId: 'u', message: "DenseTranspose is tied to 'nope', which does not exist" },
    ])
  })

  test('a shared layer reuses weights and must fit them', () => {
    const nodes: RawNode[] = [
      { id: 'a', kind: 'input', params: { shape: [8] } },
      { id: 'b', kind: 'input', params: { shape: [9] } },
      { id: 'd', kind: 'dense', params: { units: 4 } },
      { id: 'd2', kind: 'dense', share: 'd' },
      { id: 'd3', kind: 'dense', share: 'd' },
    ]
    const report = inferShapes(
      doc({
        nodes,
        edges: [
          { source: 'a', target: 'd' },
          { source: 'a', target: 'd2' },
          { source: 'b', target: 'd3' },
        ],
      }),
    )
    expect(report.shapes.get('d2')).toEqual([null, 4])
    expect(report.params.get('d2')).toEqual({ trainable: 0, nonTrainable: 0 })
    expect(report.issues).toEqual([
      { nodeId: 'd3', message: "shares the weights of 'd', which do not fit its input [null,9]" },
    ])
  })

  test('layers too large to allocate are refused before tfjs sees them', () => {
    const result = issues(
      [
        { id: 'x', kind: 'input', params: { shape: [16384] } },
        { id: 'd', kind: 'dense', params: { units: 65536 } },
      ],
      chain('x', 'd'),
    )
    expect(result[0]?.message).toMatch(/^Dense would have 1073807360 weights \(limit 50000000\)/)
  })
})
