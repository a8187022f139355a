import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, test } from 'vitest'
import type { BuildContext, InferEnv } from '../../../common/graph/block'
import { BLOCKS, type BlockKind } from '../../../common/graph/blocks'
import type { Shape } from '../../../common/graph/shape'
import { initBackend } from '../../../main/engine/backend'
import { customLayers } from '../../../main/layers'

interface Case {
  readonly params: Record<string, unknown>
  readonly inputs: readonly Shape[]
  readonly dtype?: 'int32'
}

/** Input shapes and params per block kind; every registered kind must have cases here. */
const CASES: Record<BlockKind, readonly Case[]> = {
  input: [],
  dense: [
    { params: { units: 7 }, inputs: [[null, 13]] },
    { params: { units: 3, useBias: false, activation: 'selu' }, inputs: [[null, 5, 4]] },
  ],
  conv2d: [
    { params: { filters: 4, kernelSize: 3 }, inputs: [[null, 9, 9, 2]] },
    {
      params: { filters: 2, kernelSize: 5, strides: 2, padding: 'valid' },
      inputs: [[null, 11, 8, 3]],
    },
    {
      params: { filters: 3, kernelSize: 3, strides: 3, padding: 'same' },
      inputs: [[null, 10, 10, 1]],
    },
  ],
  conv2dTranspose: [
    { params: { filters: 4, kernelSize: 3, strides: 2 }, inputs: [[null, 7, 7, 2]] },
    {
      params: { filters: 2, kernelSize: 5, strides: 2, padding: 'valid' },
      inputs: [[null, 4, 6, 3]],
    },
    {
      params: { filters: 1, kernelSize: 2, strides: 3, padding: 'valid' },
      inputs: [[null, 3, 3, 1]],
    },
  ],
  separableConv2d: [
    { params: { filters: 5, kernelSize: 3 }, inputs: [[null, 8, 8, 3]] },
    {
      params: { filters: 4, kernelSize: 3, strides: 2, padding: 'valid', depthMultiplier: 2 },
      inputs: [[null, 9, 9, 2]],
    },
  ],
  maxPool2d: [
    { params: { poolSize: 2 }, inputs: [[null, 8, 9, 3]] },
    { params: { poolSize: 3, strides: 2, padding: 'same' }, inputs: [[null, 7, 7, 2]] },
  ],
  avgPool2d: [
    { params: { poolSize: 2 }, inputs: [[null, 8, 8, 1]] },
    { params: { poolSize: 3, strides: 1, padding: 'valid' }, inputs: [[null, 6, 5, 2]] },
  ],
  upSampling2d: [
    { params: { size: 2 }, inputs: [[null, 4, 5, 3]] },
    { params: { size: 3, interpolation: 'bilinear' }, inputs: [[null, 2, 2, 1]] },
  ],
  globalAvgPool2d: [{ params: {}, inputs: [[null, 6, 6, 4]] }],
  flatten: [
    { params: {}, inputs: [[null, 7, 7, 4]] },
    { params: {}, inputs: [[null, 28, 28]] },
  ],
  reshape: [
    { params: { targetShape: [28, 28] }, inputs: [[null, 784]] },
    { params: { targetShape: [7, 7, -1] }, inputs: [[null, 98]] },
  ],
  dropout: [{ params: { rate: 0.3 }, inputs: [[null, 10]] }],
  gaussianNoise: [{ params: { stddev: 0.1 }, inputs: [[null, 4, 4, 2]] }],
  batchNormalization: [
    { params: {}, inputs: [[null, 12]] },
    { params: { momentum: 0.9 }, inputs: [[null, 5, 5, 6]] },
  ],
  layerNormalization: [{ params: {}, inputs: [[null, 9]] }],
  activation: [
    { params: { fn: 'tanh' }, inputs: [[null, 6]] },
    { params: { fn: 'leakyRelu', alpha: 0.2 }, inputs: [[null, 3, 3, 2]] },
  ],
  concatenate: [
    {
      params: { inputs: 2 },
      inputs: [
        [null, 4, 4, 3],
        [null, 4, 4, 5],
      ],
    },
    {
      params: { inputs: 3, axis: 1 },
      inputs: [
        [null, 2, 6],
        [null, 3, 6],
        [null, 1, 6],
      ],
    },
  ],
  add: [
    {
      params: { inputs: 2 },
      inputs: [
        [null, 5, 5, 4],
        [null, 5, 5, 4],
      ],
    },
    {
      params: { inputs: 2 },
      inputs: [
        [null, 5, 5, 4],
        [null, 1, 1, 4],
      ],
    },
  ],
  multiply: [
    {
      params: { inputs: 3 },
      inputs: [
        [null, 8],
        [null, 8],
        [null, 8],
      ],
    },
  ],
  zeroPadding2d: [
    { params: {}, inputs: [[null, 28, 28, 1]] },
    { params: { top: 1, bottom: 0, left: 2, right: 3 }, inputs: [[null, 5, 5, 2]] },
  ],
  cropping2d: [
    { params: {}, inputs: [[null, 32, 32, 1]] },
    { params: { top: 1, bottom: 0, left: 2, right: 3 }, inputs: [[null, 10, 10, 2]] },
  ],
  sampling: [
    {
      params: {},
      inputs: [
        [null, 10],
        [null, 10],
      ],
    },
  ],
  denseTranspose: [{ params: { tiedTo: 'tied', activation: 'sigmoid' }, inputs: [[null, 8]] }],
  activityRegularization: [{ params: { l1: 1e-3 }, inputs: [[null, 30]] }],
  klSparsity: [{ params: { weight: 0.05, target: 0.1 }, inputs: [[null, 30]] }],
  timeEncoding: [
    { params: { steps: 50, dims: 16 }, inputs: [[null]], dtype: 'int32' },
    { params: { steps: 50, dims: 8 }, inputs: [[null, 1]], dtype: 'int32' },
  ],
  minibatchStdDev: [
    { params: {}, inputs: [[null, 4, 4, 3]] },
    { params: {}, inputs: [[null, 12]] },
  ],
}

// The tied Dense layer DenseTranspose cases refer to: 20 inputs, 8 units.
const tiedInput: Shape = [null, 20]
const env: InferEnv = {
  inputShapeOf: (id) => (id === 'tied' ? tiedInput : undefined),
  kindOf: (id) => (id === 'tied' ? 'dense' : undefined),
  paramsOf: (id) => (id === 'tied' ? { units: 8 } : undefined),
}

const dims = (s: Shape) => s.map((d) => d ?? 2)
/** One input is passed alone, several as a list, as tfjs layers expect. */
const unwrap = <T>(list: T[]): T | T[] =>
  list.length === 1 && list[0] !== undefined ? list[0] : list

beforeAll(async () => {
  const backend = await initBackend('wasm')
  expect(backend.ok).toBe(true)
})

test('Input builds the input layer of the inferred shape', () => {
  const params = BLOCKS.input.params.parse({ shape: [28, 28, 1], dtype: 'int32' })
  const inferred = BLOCKS.input.inferShape([], params, env)
  const layer = BLOCKS.input.build(
    { tf, custom: customLayers, name: 'in_test', outputShape: [], layerOf: () => undefined },
    params,
  )
  expect(inferred.ok && inferred.value).toEqual([null, 28, 28, 1])
  expect(layer.batchInputShape).toEqual([null, 28, 28, 1])
  expect(layer.dtype).toBe('int32')
})

test('every registered block has conformance cases', () => {
  const missing = (Object.keys(BLOCKS) as BlockKind[]).filter(
    (k) => k !== 'input' && !CASES[k].length,
  )
  expect(missing).toEqual([])
})

describe.each((Object.keys(CASES) as BlockKind[]).filter((k) => k !== 'input'))('%s', (kind) => {
  const block = BLOCKS[kind]
  test.each(CASES[kind].map((c, i) => [i, c] as const))(
    'case %i: inferred shape and weight count equal the tfjs layer’s',
    (i, c) => {
      const params = block.params.parse(c.params)
      const inferred = block.inferShape(
        c.inputs.map((shape) => ({ shape, from: 'Test' })),
        params as never,
        env,
      )
      if (!inferred.ok) throw new Error(`inference failed: ${inferred.error}`)

      const tied = tf.layers.dense({ units: 8, name: `tied_${kind}_${i}` })
      tied.apply(tf.input({ shape: [20] }))
      const ctx: BuildContext = {
        tf,
        custom: customLayers,
        name: `${kind}_${i}`,
        outputShape: inferred.value,
        layerOf: (id) => (id === 'tied' ? tied : undefined),
      }
      const layer = block.build(ctx, params as never)
      const symbolic = c.inputs.map((s) =>
        tf.input({ shape: s.slice(1).map((d) => d ?? -1), dtype: c.dtype ?? 'float32' }),
      )
      const out = layer.apply(unwrap(symbolic)) as tf.SymbolicTensor
      expect(out.shape).toEqual([...inferred.value])

      const counted = block.countParams(c.inputs, params as never, inferred.value)
      expect(counted.trainable + counted.nonTrainable).toBe(layer.countParams())
      expect(counted.trainable).toBe(
        layer.trainableWeights.reduce(
          (n, w) => n + w.shape.reduce<number>((a, b) => a * (b ?? 0), 1),
          0,
        ),
      )

      // Run it on real data too: custom layers' call() must agree with their declared shapes.
      const values = c.inputs.map((s) =>
        c.dtype === 'int32' ? tf.fill(dims(s), 7, 'int32') : tf.randomUniform(dims(s)),
      )
      const y = layer.apply(unwrap(values)) as tf.Tensor
      expect(y.shape).toEqual(dims(inferred.value))
      tf.dispose([y, ...values])
    },
  )
})
