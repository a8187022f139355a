import * as tf from '@tensorflow/tfjs'
import { beforeAll, expect, test } from 'vitest'
import { initBackend, useBackend } from '../../../main/tfjs/backend'
import { NadamOptimizer } from '../../../main/train/nadam'
import { hasNadamUpdate } from '../../../main/train/nadamKernel'
import { relError, seeded } from '../../helpers/backends'

beforeAll(async () => {
  expect((await initBackend('wasm')).ok).toBe(true)
})

/** The reference update rule (Keras's Nadam), in plain doubles, for a list of parameters. */
function referenceNadam(
  theta: number[],
  grads: (p: number[]) => number[],
  steps: number,
  lr: number,
  b1 = 0.9,
  b2 = 0.999,
  eps = 1e-7,
): number[] {
  const m = theta.map(() => 0)
  const v = theta.map(() => 0)
  let product = 1
  const mu = (t: number) => b1 * (1 - 0.5 * 0.96 ** (0.004 * t))
  for (let t = 1; t <= steps; t++) {
    const g = grads(theta)
    const muT = mu(t)
    const muNext = mu(t + 1)
    const productT = product * muT
    const productNext = productT * muNext
    product = productT
    theta = theta.map((p, i) => {
      const gi = g[i] ?? 0
      m[i] = b1 * (m[i] ?? 0) + (1 - b1) * gi
      v[i] = b2 * (v[i] ?? 0) + (1 - b2) * gi * gi
      const mHat = (muNext * (m[i] ?? 0)) / (1 - productNext) + ((1 - muT) * gi) / (1 - productT)
      const vHat = (v[i] ?? 0) / (1 - b2 ** t)
      return p - (lr * mHat) / (Math.sqrt(vHat) + eps)
    })
  }
  return theta
}

test('Nadam follows the reference update rule step by step', () => {
  // f(θ) = Σ c_i·(θ_i − 1)² + θ_0·θ_1, a non-separable quadratic.
  const c = [1, 3, 0.5]
  const grads = (p: number[]) =>
    p.map((x, i) => 2 * (c[i] ?? 0) * (x - 1) + (i === 0 ? (p[1] ?? 0) : i === 1 ? (p[0] ?? 0) : 0))
  const start = [0.5, -2, 4]
  const theta = tf.variable(tf.tensor1d(start))
  const opt = new NadamOptimizer(0.05)
  const cT = tf.tensor1d(c)
  for (let i = 0; i < 50; i++) {
    opt.minimize(
      () =>
        tf.add(
          tf.sum(tf.mul(cT, tf.square(tf.sub(theta, 1)))),
          tf.mul(theta.gather([0]), theta.gather([1])).sum(),
        ),
      false,
      [theta],
    )
  }
  const expected = referenceNadam(start, grads, 50, 0.05)
  const got = Array.from(theta.dataSync())
  got.forEach((g, i) => {
    expect(g).toBeCloseTo(expected[i] ?? NaN, 4)
  })
  expect(got).not.toEqual(start)
  opt.dispose()
})

test('one Nadam optimizer keeps separate moments when given different variable lists', () => {
  const a = tf.variable(tf.scalar(3))
  const b = tf.variable(tf.scalar(-3))
  const opt = new NadamOptimizer(0.1)
  for (let i = 0; i < 20; i++) {
    opt.minimize(() => tf.square(a), false, [a])
    opt.minimize(() => tf.square(b), false, [b])
  }
  const [av, bv] = [a.dataSync()[0] ?? NaN, b.dataSync()[0] ?? NaN]
  expect(Math.abs(av)).toBeLessThan(3)
  expect(av).toBeCloseTo(-bv, 5)
})

test('the one-kernel update (wasm and cpu) matches the op-by-op form over several steps', async () => {
  for (const backend of ['wasm', 'cpu'] as const) {
    await useBackend(backend)
    expect(hasNadamUpdate()).toBe(true)
    const run = (fused: boolean) => {
      const w = tf.variable(tf.tensor2d(seeded(60, 5), [6, 10]))
      const opt = new NadamOptimizer(0.01, 0.9, 0.999, 1e-7, fused)
      const target = tf.tensor2d(seeded(60, 6), [6, 10])
      for (let i = 0; i < 5; i++)
        opt.minimize(() => tf.sum(tf.square(tf.sub(w, target))), false, [w])
      const out = Float32Array.from(w.dataSync())
      tf.dispose([w, target])
      opt.dispose()
      return out
    }
    const [fused, ops] = [run(true), run(false)]
    expect(relError(fused, ops)).toBeLessThan(1e-6)
    // It trained: the weights moved from where they started.
    expect(relError(fused, seeded(60, 5))).toBeGreaterThan(1e-3)
  }
})
