// Exploding gradients: with the training's clipNorm, each update is bounded; without, it explodes.
import * as tf from '@tensorflow/tfjs'
import { beforeAll, expect, test } from 'vitest'
import { useBackend } from '../../../main/tfjs/backend'
import { minimizeStep } from '../../../main/train/step'

beforeAll(async () => {
  await useBackend('cpu')
})

/** Steps of plain SGD (lr 1) on a loss whose gradient is 2e6·w: it overshoots and grows. */
function train(clipNorm: number, steps: number): number[] {
  const w = tf.variable(tf.tensor1d([1, -1]))
  const opt = tf.train.sgd(1)
  const norms: number[] = []
  for (let i = 0; i < steps; i++) {
    tf.tidy(() => minimizeStep(opt, () => tf.mul(1e6, tf.sum(tf.square(w))), [w], clipNorm))
    norms.push(tf.tidy(() => tf.norm(w).dataSync()[0] ?? NaN))
  }
  w.dispose()
  opt.dispose()
  return norms
}

test('without clipping the weights explode; with clipNorm each step moves them by at most the norm', () => {
  const wild = train(0, 5)
  expect(wild.at(-1)).toBeGreaterThan(1e20)
  const tame = train(1, 5)
  // Start at √2; every step is scaled to a gradient norm of 1, so the weights stay near there.
  for (const n of tame) expect(n).toBeLessThan(Math.SQRT2 + 1 + 1e-6)
  expect(tame.every(Number.isFinite)).toBe(true)
})
