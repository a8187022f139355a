import * as tf from '@tensorflow/tfjs'
import type { VarianceSchedule } from '../../train/schedule'

/** The denoiser's noise prediction ε̂(x_t, t) for a batch at one step t. */
export type NoisePredictor = (x: tf.Tensor, t: number) => tf.Tensor

/** The data range the predicted clean image is clipped to ([−1, 1] for the chapter's images). */
export type Range = readonly [number, number]

/**
 * The book's generation loop, exactly: x_T ~ N(0, I), then for t = T−1 … 1,
 * x ← (x − β_t/√(1−ᾱ_t)·ε̂(x, t))/√α_t + √β_t·z, with z = 0 at the last step. Answers the steps
 * it visits, in order.
 */
export const bookSteps = (T: number): number[] =>
  Array.from({ length: Math.max(0, T - 1) }, (_, i) => T - 1 - i)

/** One step of the book's loop at step t (`last`: no noise added). */
export function bookStep(
  x: tf.Tensor,
  eps: tf.Tensor,
  t: number,
  schedule: VarianceSchedule,
  last: boolean,
): tf.Tensor {
  const alpha = schedule.alpha[t] ?? 1
  const beta = schedule.beta[t] ?? 0
  const abar = schedule.alphaBar[t] ?? 1
  return tf.tidy(() => {
    const mean = tf.div(tf.sub(x, tf.mul(eps, beta / Math.sqrt(1 - abar))), Math.sqrt(alpha))
    return last ? mean : tf.add(mean, tf.mul(tf.randomNormal(x.shape), Math.sqrt(beta)))
  })
}

/**
 * One step of a shortened (respaced) reverse process, from kept step t to the next kept step
 * `prev` (0 for the end): the kept steps form a schedule of their own, with β = 1 − ᾱ_t/ᾱ_prev.
 * The clean image predicted from the noise, x̂₀ = (x_t − √(1−ᾱ_t)·ε̂)/√ᾱ_t, is clipped to the data
 * range, and x_prev is drawn from the forward process's posterior q(x_prev | x_t, x̂₀):
 * mean √ᾱ_prev·β/(1−ᾱ_t)·x̂₀ + √(1−β)·(1−ᾱ_prev)/(1−ᾱ_t)·x_t, variance β·(1−ᾱ_prev)/(1−ᾱ_t).
 * Every coefficient stays bounded whatever the spacing (the book's 1/√α_t does not when β → 1),
 * and at prev = 0 the step answers x̂₀ itself.
 */
export function respacedStep(
  x: tf.Tensor,
  eps: tf.Tensor,
  t: number,
  prev: number,
  schedule: VarianceSchedule,
  range: Range,
): tf.Tensor {
  const abar = schedule.alphaBar[t] ?? 1
  const abarPrev = prev > 0 ? (schedule.alphaBar[prev] ?? 1) : 1
  const beta = 1 - abar / abarPrev
  return tf.tidy(() => {
    const x0 = tf.clipByValue(
      tf.div(tf.sub(x, tf.mul(eps, Math.sqrt(1 - abar))), Math.sqrt(abar)),
      range[0],
      range[1],
    )
    if (prev <= 0) return x0
    const c0 = (Math.sqrt(abarPrev) * beta) / (1 - abar)
    const ct = (Math.sqrt(1 - beta) * (1 - abarPrev)) / (1 - abar)
    const variance = (beta * (1 - abarPrev)) / (1 - abar)
    const mean = tf.add(tf.mul(x0, c0), tf.mul(x, ct))
    return tf.add(mean, tf.mul(tf.randomNormal(x.shape), Math.sqrt(variance)))
  })
}

/** A reverse process: the book's full loop, or a respaced one over the given kept steps (T first). */
export type ReversePlan =
  | { readonly kind: 'book'; readonly T: number }
  | { readonly kind: 'respaced'; readonly steps: readonly number[] }

/** The steps a plan visits, in order. */
export const planSteps = (plan: ReversePlan): readonly number[] =>
  plan.kind === 'book' ? bookSteps(plan.T) : plan.steps

/**
 * Runs a reverse process from `xT` (disposed) and answers x₀. `onStep(i, x)` sees each
 * intermediate x (still owned by the process: clone what you keep). `firstEps` is the denoiser's
 * answer at the first step when the caller already has it (a timing call).
 */
export function reverseProcess(
  xT: tf.Tensor,
  predict: NoisePredictor,
  plan: ReversePlan,
  schedule: VarianceSchedule,
  range: Range,
  onStep?: (i: number, x: tf.Tensor) => void,
  firstEps?: tf.Tensor,
): tf.Tensor {
  const steps = planSteps(plan)
  let x = xT
  steps.forEach((t, i) => {
    const eps = i === 0 && firstEps ? firstEps : tf.tidy(() => predict(x, t))
    const next =
      plan.kind === 'book'
        ? bookStep(x, eps, t, schedule, i === steps.length - 1)
        : respacedStep(x, eps, t, steps[i + 1] ?? 0, schedule, range)
    eps.dispose()
    x.dispose()
    x = next
    onStep?.(i, x)
  })
  return x
}
