import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, test } from 'vitest'
import type { BuildContext, InferEnv } from '../../../common/graph/block'
import { BLOCKS, type BlockKind } from '../../../common/graph/blocks'
import type { Shape } from '../../../common/graph/shape'
import { BLOCK_CASES as CASES } from '../../helpers/blockCases'
import { initBackend } from '../../../main/tfjs/backend'
import { customLayers } from '../../../main/layers'

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
