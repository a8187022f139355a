import * as tf from '@tensorflow/tfjs'
import { beforeAll, expect, test } from 'vitest'
import { initBackend } from '../../../main/tfjs/backend'
import { recalibrateBatchNorm } from '../../../main/tfjs/batchNorm'

beforeAll(async () => {
  expect((await initBackend('wasm')).ok).toBe(true)
})

test('precise BN: the moving statistics become the mean of the batches’ statistics', () => {
  const input = tf.input({ shape: [3] })
  const scaled = tf.layers.dense({ units: 3, useBias: false, kernelInitializer: 'identity' })
  const bn1 = tf.layers.batchNormalization({ momentum: 0.99 })
  const bn2 = tf.layers.batchNormalization({ momentum: 0.99 })
  const out = bn2.apply(bn1.apply(scaled.apply(input))) as tf.SymbolicTensor
  const model = tf.model({ inputs: input, outputs: out })
  // Two batches: channel c has values around 10·c with a spread that differs per batch.
  const batches = [
    tf.tensor2d([
      [0, 10, 20],
      [2, 14, 26],
    ]),
    tf.tensor2d([
      [4, 10, 30],
      [6, 10, 40],
    ]),
  ]
  expect(
    recalibrateBatchNorm(
      model,
      batches.map((b) => [b]),
    ),
  ).toBe(2)
  const [, , mean1, var1] = bn1.getWeights()
  // Batch means: (1, 12, 23) and (5, 10, 35); batch variances: (1, 4, 9) and (1, 0, 25).
  expect(Array.from(mean1?.dataSync() ?? [])).toEqual([3, 11, 29])
  expect(Array.from(var1?.dataSync() ?? [])).toEqual([1, 2, 17])
  // The second layer sees the first's output normalized with each batch's own statistics: mean 0,
  // variance 1 (0 for the second batch's constant channel).
  const [, , mean2, var2] = bn2.getWeights()
  for (const m of mean2?.dataSync() ?? []) expect(Math.abs(m)).toBeLessThan(1e-5)
  const v2 = Array.from(var2?.dataSync() ?? [])
  ;[1, 0.5, 1].forEach((v, i) => {
    expect(v2[i]).toBeCloseTo(v, 2)
  })
  // In inference mode the first layer now normalizes with those statistics.
  const y = tf.tidy(() => bn1.apply(tf.tensor2d([[3, 11, 29]]), { training: false }) as tf.Tensor)
  for (const v of y.dataSync()) expect(Math.abs(v)).toBeLessThan(1e-3)
  tf.dispose([...batches, y])
})

test('precise BN: a model without batch normalization is left alone', () => {
  const input = tf.input({ shape: [2] })
  const model = tf.model({
    inputs: input,
    outputs: tf.layers.dense({ units: 1 }).apply(input) as tf.SymbolicTensor,
  })
  const before = tf.memory().numTensors
  expect(recalibrateBatchNorm(model, [[tf.ones([1, 2])]])).toBe(0)
  expect(tf.memory().numTensors).toBe(before + 1)
})
