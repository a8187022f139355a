import type { z } from 'zod'
import * as tf from '@tensorflow/tfjs'
import { trainableVariables } from '../../tfjs/variables'
import type { diffusionSpec } from './spec'
import { mainOutput, roleModel, type RecipeContext } from '../../train/context'
import { huber, mse } from '../../train/losses'
import { framesOf, imagesPreview } from '../../train/previews'
import type { RecipeSession, StepData } from '../../train/recipe'
import { samplingSteps, varianceSchedule } from '../../train/schedule'
import { reverseProcess } from './sampler'
import { minimizeStep } from '../../train/step'
import { recalibrateBatchNorm } from '../../tfjs/batchNorm'

type DiffusionSettings = z.output<typeof diffusionSpec.settings>

/** Snapshots of the reverse process shown in the denoising filmstrip. */
const FILM_FRAMES = 8
const FILM_SAMPLES = 4
/** Images generated at each epoch's end (the `samples` grid); the filmstrip follows the first few. */
const SAMPLE_GRID = 16
/**
 * Reverse steps of a preview filmstrip: at most 25 (about half a second for a 28×28 U-Net on
 * wasm), whatever samplingSteps is, and fewer when the run's preview budget has less left (a
 * short run), down to one per frame.
 */
const PREVIEW_STEPS = 25
const MIN_PREVIEW_STEPS = FILM_FRAMES
/** The share of the budget's allowance the reverse steps may take: the frame's encoding and the steps' jitter take the rest. */
const STEPS_SHARE = 0.8
/**
 * The FID's samples: fewer than other recipes' (each costs a denoiser call per reverse step) and
 * a shortened respaced reverse process, so that an epoch's score takes seconds, not minutes. 25
 * steps, not fewer: with 10 the sampler, not the model, sets the score (the pretrained denoiser
 * scored 160 with 10 steps, 88 with 25 and 86 with 50 on 64 samples, after 2 pretraining epochs).
 */
const FID_DIFFUSION_SAMPLES = 64
const FID_STEPS = 25
/** Held-out images and noise levels (fractions of T) of the one-step denoising preview. */
const STEP_IMAGES = 4
const STEP_LEVELS = [0.1, 0.3, 0.5, 0.8]

/**
 * The chapter's DDPM: random steps t, noisy inputs √ᾱ_t·x₀ + √(1−ᾱ_t)·ε, the denoiser predicts ε
 * (MSE or Huber loss). Previews sample with a shortened reverse process over evenly spaced steps
 * (sampler.ts: the kept steps respaced, the predicted clean image clipped to the data range); the
 * book's full loop over every step is `bookSteps` there.
 */
export function diffusionSession(ctx: RecipeContext, settings: DiffusionSettings): RecipeSession {
  const den = roleModel(ctx, 'denoiser')
  const opt = ctx.makeOptimizer()
  const variables = trainableVariables(den.model)
  const T = settings.steps
  const schedule = varianceSchedule(T, settings.s, settings.maxBeta)
  const inputs = den.model.inputs
  const timeIdx = inputs.findIndex((i) => i.dtype === 'int32')
  const imageIdx = inputs.findIndex((_, i) => i !== timeIdx)
  const imageShape = (inputs[imageIdx]?.shape.slice(1) ?? []).map((d) => d ?? 1)
  const timeShape = (inputs[timeIdx]?.shape.slice(1) ?? []).map((d) => d ?? 1)
  if (timeIdx < 0 || imageIdx < 0)
    throw new Error(
      'the denoiser needs an image input and an int32 time-step input (validation should have caught this)',
    )
  const loss = settings.loss === 'huber' ? huber : mse
  const maxPreviewSteps = Math.min(settings.samplingSteps, PREVIEW_STEPS)

  const timeTensor = (ts: readonly number[]) =>
    tf.tensor(Int32Array.from(ts), [ts.length, ...timeShape], 'int32')
  const feedOf = (xt: tf.Tensor, ts: readonly number[]) => {
    const feed: tf.Tensor[] = []
    feed[imageIdx] = xt
    feed[timeIdx] = timeTensor(ts)
    return feed
  }
  const predictNoise = (xt: tf.Tensor, ts: readonly number[], training: boolean) =>
    mainOutput(den, feedOf(xt, ts), training)
  /** The denoiser's noise prediction for a batch all at step t (the reverse process's predictor). */
  const predictAt = (xt: tf.Tensor, t: number) =>
    tf.reshape(predictNoise(xt, Array<number>(xt.shape[0]).fill(t), false), xt.shape)
  /** Noisy images at random steps t, and the noise added (what the denoiser must predict). */
  const noisyBatch = (x0: tf.Tensor) => {
    const b = x0.shape[0]
    const ts = Array.from({ length: b }, () => 1 + Math.floor(Math.random() * T))
    const abar = tf.tensor(
      Float32Array.from(ts, (t) => schedule.alphaBar[t] ?? 1),
      [b, ...imageShape.map(() => 1)],
    )
    const noise = tf.randomNormal(x0.shape)
    const xt = tf.add(tf.mul(tf.sqrt(abar), x0), tf.mul(tf.sqrt(tf.sub(1, abar)), noise))
    return { xt, ts, noise }
  }
  const noisyLoss = (x0: tf.Tensor, training: boolean) => {
    const { xt, ts, noise } = noisyBatch(x0)
    return loss(noise, tf.reshape(predictNoise(xt, ts, training), noise.shape))
  }

  /**
   * Runs a shortened reverse process from pure noise (respaced, the predicted clean image clipped
   * to [−1, 1]: see sampler.ts); returns FILM_FRAMES snapshots, noisiest first, the last being the
   * generated images. The first denoiser call (t = T, every schedule's first step) is timed, and
   * the schedule is as many steps as fit `allowanceMs`, between MIN_PREVIEW_STEPS and `maxSteps`.
   */
  const sample = async (
    n: number,
    maxSteps: number,
    allowanceMs: number,
  ): Promise<{ frames: tf.Tensor[]; frameSteps: number[]; steps: number }> => {
    const x = tf.randomNormal([n, ...imageShape])
    const t0 = performance.now()
    const firstEps = tf.tidy(() => predictAt(x, T))
    // A GPU queues its kernels: the call's time is until its answer can be read.
    await firstEps.data()
    const perStep = Math.max(performance.now() - t0, 1e-3)
    const fit = Math.floor((STEPS_SHARE * allowanceMs) / perStep)
    const steps = samplingSteps(T, Math.min(maxSteps, Math.max(MIN_PREVIEW_STEPS, fit)))
    const every = Math.max(1, Math.floor(steps.length / (FILM_FRAMES - 1)))
    const frames: tf.Tensor[] = [tf.keep(tf.clone(x))]
    const frameSteps = [T]
    const x0 = reverseProcess(
      x,
      predictAt,
      { kind: 'respaced', steps },
      schedule,
      [-1, 1],
      (i, xi) => {
        if (i < steps.length - 1 && (i + 1) % every === 0 && frames.length < FILM_FRAMES - 1) {
          frames.push(tf.keep(tf.clone(xi)))
          frameSteps.push(steps[i + 1] ?? 0)
        }
      },
      firstEps,
    )
    frames.push(tf.keep(x0))
    frameSteps.push(0)
    return { frames, frameSteps, steps: steps.length }
  }

  /**
   * The cheap preview between epochs (one denoiser call): held-out images, each noised to a few
   * levels t and denoised in one step, x̂₀ = (x_t − √(1−ᾱ_t)·ε̂) / √ᾱ_t. Rows are images; columns
   * the original, then x_t and x̂₀ for each level. Fixed noise, so frames compare over training.
   */
  const oneStep = async (epoch: number, x0: tf.Tensor) => {
    const grid = tf.tidy(() => {
      const n = Math.min(STEP_IMAGES, x0.shape[0])
      const images = x0.slice(0, n)
      const ts = STEP_LEVELS.map((f) => Math.max(1, Math.round(f * T)))
      const noise = tf.randomNormal([ts.length, n, ...imageShape], 0, 1, 'float32', 42)
      // Every level in one denoiser call: a batch of levels × images.
      const abar = tf.tensor(
        ts.map((t) => schedule.alphaBar[t] ?? 1),
        [ts.length, 1, ...imageShape.map(() => 1)],
      )
      const xt = tf.add(tf.mul(tf.sqrt(abar), images), tf.mul(tf.sqrt(tf.sub(1, abar)), noise))
      const flat = tf.reshape(xt, [-1, ...imageShape])
      const levels = ts.flatMap((t) => Array<number>(n).fill(t))
      const pred = tf.reshape(predictNoise(flat, levels, false), xt.shape)
      const x0hat = tf.div(tf.sub(xt, tf.mul(tf.sqrt(tf.sub(1, abar)), pred)), tf.sqrt(abar))
      const cols: tf.Tensor[] = [images]
      ts.forEach((_, i) =>
        cols.push(tf.squeeze(xt.slice(i, 1), [0]), tf.squeeze(x0hat.slice(i, 1), [0])),
      )
      const byRow = tf.transpose(tf.stack(cols), [1, 0, ...imageShape.map((_, i) => i + 2)])
      return tf.clipByValue(tf.reshape(byRow, [-1, ...imageShape]), -1, 1)
    })
    const levels = STEP_LEVELS.map((f) => Math.max(1, Math.round(f * T)))
    try {
      return await imagesPreview(epoch, 'one-step-denoising', grid, 'symmetric', {
        columns: 1 + 2 * STEP_LEVELS.length,
        labels: {
          caption: 'each held-out image noised to step t, then denoised in one call (x̂₀)',
          columns: [
            'original',
            ...levels.flatMap((t) => [`x_t, t=${String(t)}`, `x̂₀ from ${String(t)}`]),
          ],
        },
      })
    } finally {
      grid.dispose()
    }
  }

  return {
    inputShape: imageShape,
    range: 'symmetric',
    variables,
    optimizers: [opt],
    trainStep: ({ x }) => ({
      loss: minimizeStep(opt, () => noisyLoss(x, true), variables, ctx.doc.training.clipNorm),
    }),
    ...(settings.preciseBatchNorm > 0
      ? {
          epochEnd: (drawBatch: () => StepData) => {
            tf.tidy(() => {
              const feeds = Array.from({ length: settings.preciseBatchNorm }, () => {
                const { xt, ts } = noisyBatch(drawBatch().x)
                return feedOf(xt, ts)
              })
              recalibrateBatchNorm(den.model, feeds)
            })
          },
        }
      : {}),
    generate: () => {
      const steps = samplingSteps(T, Math.min(settings.samplingSteps, FID_STEPS))
      const xT = tf.randomNormal([FID_DIFFUSION_SAMPLES, ...imageShape])
      return reverseProcess(xT, predictAt, { kind: 'respaced', steps }, schedule, [-1, 1])
    },
    evaluate: ({ x }) => ({ loss: noisyLoss(x, false) }),
    previews: async (epoch, sampleBatch, epochEnd, allowanceMs) => {
      if (!epochEnd) return [await oneStep(epoch, sampleBatch.x)]
      const t0 = performance.now()
      const denoised = await oneStep(epoch, sampleBatch.x)
      const { frames, frameSteps, steps } = await sample(
        SAMPLE_GRID,
        maxPreviewSteps,
        allowanceMs - (performance.now() - t0),
      )
      // Rows are the first samples, columns the trajectory x_T … x_0.
      const film = tf.tidy(() => {
        const firsts = frames.map((f) => f.slice(0, FILM_SAMPLES))
        const byRow = tf.transpose(tf.stack(firsts), [1, 0, ...imageShape.map((_, i) => i + 2)])
        return tf.clipByValue(tf.reshape(byRow, [-1, ...imageShape]), -1, 1)
      })
      try {
        // The generated images on their own, as the other generative models' `samples`.
        const last = frames.at(-1)
        return await framesOf(
          Promise.resolve(denoised),
          imagesPreview(epoch, 'denoising', film, 'symmetric', {
            columns: frames.length,
            labels: {
              caption: `the reverse process from pure noise, ${String(steps)} steps`,
              columns: frameSteps.map((t, i) =>
                i === 0 ? `x_T (t=${String(t)})` : t === 0 ? 'x₀' : `t=${String(t)}`,
              ),
            },
          }),
          ...(last
            ? [
                imagesPreview(epoch, 'samples', last, 'symmetric', {
                  labels: { caption: `generated from pure noise in ${String(steps)} steps` },
                }),
              ]
            : []),
        )
      } finally {
        tf.dispose([film, ...frames])
      }
    },
    dispose: () => {
      opt.dispose()
    },
  }
}
