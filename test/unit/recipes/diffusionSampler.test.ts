import * as tf from '@tensorflow/tfjs'
import { beforeAll, expect, test } from 'vitest'
import { initBackend } from '../../../main/tfjs/backend'
import {
  bookSteps,
  reverseProcess,
  type NoisePredictor,
  type ReversePlan,
} from '../../../main/recipes/diffusion/sampler'
import { samplingSteps, varianceSchedule } from '../../../main/train/schedule'

beforeAll(async () => {
  expect((await initBackend('wasm')).ok).toBe(true)
})

const T = 200
const schedule = varianceSchedule(T)

/**
 * The exact noise predictor for data x₀ ~ N(μ, σ²): under the forward process
 * x_t = √ᾱ·x₀ + √(1−ᾱ)·ε, E[ε | x_t] = √(1−ᾱ)·(x_t − √ᾱ·μ) / (ᾱσ² + 1 − ᾱ).
 */
const oracle =
  (mu: number, sigma: number): NoisePredictor =>
  (x, t) => {
    const abar = schedule.alphaBar[t] ?? 1
    return tf.mul(
      tf.sub(x, Math.sqrt(abar) * mu),
      Math.sqrt(1 - abar) / (abar * sigma * sigma + 1 - abar),
    )
  }

/** Mean and standard deviation of n samples drawn by a plan with the exact predictor. */
function draw(plan: ReversePlan, mu: number, sigma: number, n = 4000) {
  const x0 = reverseProcess(tf.randomNormal([n, 1]), oracle(mu, sigma), plan, schedule, [-1, 1])
  const { mean, variance } = tf.moments(x0)
  const out = { mean: mean.dataSync()[0] ?? NaN, std: Math.sqrt(variance.dataSync()[0] ?? NaN) }
  tf.dispose([x0, mean, variance])
  return out
}

test("the book's full sampler visits T−1 … 1 and turns noise into the data distribution", () => {
  expect(bookSteps(5)).toEqual([4, 3, 2, 1])
  const { mean, std } = draw({ kind: 'book', T }, 0.2, 0.25)
  expect(mean).toBeCloseTo(0.2, 1)
  expect(Math.abs(mean - 0.2)).toBeLessThan(0.03)
  expect(std / 0.25).toBeGreaterThan(0.9)
  expect(std / 0.25).toBeLessThan(1.1)
})

/**
 * The respaced process's own law, in closed form, for Gaussian data and the exact predictor: each
 * step is linear-Gaussian in x_t (x̂₀ = (aσ²·x_t + b²μ)/s² with a = √ᾱ_t, b = √(1−ᾱ_t),
 * s² = a²σ² + b², well inside the clip), so the mean and variance follow a recursion.
 */
function respacedLaw(steps: readonly number[], mu: number, sigma: number) {
  let [m, v] = [0, 1]
  steps.forEach((t, i) => {
    const abar = schedule.alphaBar[t] ?? 1
    const prev = steps[i + 1] ?? 0
    const abarPrev = prev > 0 ? (schedule.alphaBar[prev] ?? 1) : 1
    const [a, b2] = [Math.sqrt(abar), 1 - abar]
    const s2 = abar * sigma * sigma + b2
    const [gain, shift] = [(a * sigma * sigma) / s2, (b2 * mu) / s2] // x̂₀ = gain·x + shift
    if (prev === 0) {
      ;[m, v] = [gain * m + shift, gain * gain * v]
      return
    }
    const beta = 1 - abar / abarPrev
    const c0 = (Math.sqrt(abarPrev) * beta) / b2
    const ct = (Math.sqrt(1 - beta) * (1 - abarPrev)) / b2
    const k = c0 * gain + ct
    ;[m, v] = [k * m + c0 * shift, k * k * v + (beta * (1 - abarPrev)) / b2]
  })
  return { mean: m, std: Math.sqrt(v) }
}

test.each([4, 10, 50])(
  'a respaced sampler over %i steps draws what its closed form says, bounded at every step',
  (n) => {
    const steps = samplingSteps(T, n)
    expect(steps[0]).toBe(T)
    const law = respacedLaw(steps, 0.2, 0.25)
    const { mean, std } = draw({ kind: 'respaced', steps }, 0.2, 0.25)
    expect(Math.abs(mean - law.mean)).toBeLessThan(0.02)
    expect(Math.abs(std / law.std - 1)).toBeLessThan(0.06)
    // More steps come closer to the data's own law (fewer steps under-disperse, as DDPM does).
    expect(Math.abs(law.mean - 0.2)).toBeLessThan(0.01)
    const spread = (k: number) =>
      Math.abs(respacedLaw(samplingSteps(T, k), 0.2, 0.25).std / 0.25 - 1)
    if (n > 4) expect(spread(n)).toBeLessThan(spread(4))
    if (n === 50) expect(spread(50)).toBeLessThan(0.15)
    // Starting at t = T, where ᾱ_T is tiny, no value ever leaves a sane range.
    let worst = 0
    const x0 = reverseProcess(
      tf.randomNormal([500, 1]),
      oracle(0.2, 0.25),
      { kind: 'respaced', steps },
      schedule,
      [-1, 1],
      (_, x) => {
        worst = Math.max(
          worst,
          tf.tidy(() => tf.max(tf.abs(x)).dataSync()[0] ?? Infinity),
        )
      },
    )
    x0.dispose()
    expect(worst).toBeLessThan(6)
  },
)

test('the predicted clean image is clipped to the data range: one exact image comes back exactly', () => {
  // All data is one image (σ → 0): x̂₀ is that image at every step, so 8 steps land on it.
  const c = 0.5
  const x0 = reverseProcess(
    tf.randomNormal([64, 3]),
    oracle(c, 1e-4),
    { kind: 'respaced', steps: samplingSteps(T, 8) },
    schedule,
    [-1, 1],
  )
  const values = Array.from(x0.dataSync())
  x0.dispose()
  expect(Math.max(...values.map((v) => Math.abs(v - c)))).toBeLessThan(1e-3)
  // A wildly wrong predictor is still bounded by the clip: the result stays in [−1, 1].
  const wild = reverseProcess(
    tf.randomNormal([64, 3]),
    (x) => tf.mul(x, -50),
    { kind: 'respaced', steps: samplingSteps(T, 8) },
    schedule,
    [-1, 1],
  )
  const w = Array.from(wild.dataSync())
  wild.dispose()
  expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(1)
})
