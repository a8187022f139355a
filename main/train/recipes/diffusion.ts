import * as tf from '@tensorflow/tfjs'
import { trainableVariables } from '../../engine/variables'
import type { GraphDoc } from '../../graph/schema'
import { mainOutput, roleModel, type RecipeContext } from '../context'
import { huber, mse } from '../losses'
import { imagesPreview } from '../previews'
import type { RecipeSession } from '../recipe'
import { samplingSteps, varianceSchedule } from '../schedule'
import { minimizeStep } from '../step'

type DiffusionSettings = Extract<GraphDoc['training'], { recipe: 'diffusion' }>['settings']

/** Snapshots of the reverse process shown in the denoising filmstrip. */
const FILM_FRAMES = 8
const FILM_SAMPLES = 4
/** Reverse steps for preview filmstrips: bounded so a preview costs seconds, whatever samplingSteps is. */
const PREVIEW_STEPS = 50

/**
 * The chapter's DDPM: random steps t, noisy inputs √ᾱ_t·x₀ + √(1−ᾱ_t)·ε, the denoiser predicts ε
 * (MSE or Huber loss). Sampling runs the reverse process over `samplingSteps` evenly spaced steps
 * (all T gives the chapter's sampler), with β recomputed for the skipped steps.
 */
export function diffusionRecipe(ctx: RecipeContext, settings: DiffusionSettings): RecipeSession {
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
  const previewSteps = samplingSteps(T, Math.min(settings.samplingSteps, PREVIEW_STEPS))

  const timeTensor = (ts: readonly number[]) =>
    tf.tensor(Int32Array.from(ts), [ts.length, ...timeShape], 'int32')
  const predictNoise = (xt: tf.Tensor, ts: readonly number[], training: boolean) => {
    const feed: tf.Tensor[] = []
    feed[imageIdx] = xt
    feed[timeIdx] = timeTensor(ts)
    return mainOutput(den, feed, training)
  }
  const noisyLoss = (x0: tf.Tensor, training: boolean) => {
    const b = x0.shape[0]
    const ts = Array.from({ length: b }, () => 1 + Math.floor(Math.random() * T))
    const abar = tf.tensor(
      Float32Array.from(ts, (t) => schedule.alphaBar[t] ?? 1),
      [b, ...imageShape.map(() => 1)],
    )
    const noise = tf.randomNormal(x0.shape)
    const xt = tf.add(tf.mul(tf.sqrt(abar), x0), tf.mul(tf.sqrt(tf.sub(1, abar)), noise))
    return loss(noise, tf.reshape(predictNoise(xt, ts, training), noise.shape))
  }

  /** Runs the reverse process from pure noise; returns FILM_FRAMES snapshots, noisiest first. */
  const sample = (n: number, steps: readonly number[]): tf.Tensor[] => {
    let x = tf.randomNormal([n, ...imageShape])
    const every = Math.max(1, Math.floor(steps.length / (FILM_FRAMES - 1)))
    const frames: tf.Tensor[] = [tf.keep(tf.clone(x))]
    steps.forEach((t, i) => {
      const prev = steps[i + 1] ?? 0
      const abar = schedule.alphaBar[t] ?? 1
      const abarPrev = schedule.alphaBar[prev] ?? 1
      const beta = 1 - abar / abarPrev
      const next = tf.tidy(() => {
        const eps = tf.reshape(predictNoise(x, Array<number>(n).fill(t), false), x.shape)
        const mean = tf.mul(
          1 / Math.sqrt(1 - beta),
          tf.sub(x, tf.mul(beta / Math.sqrt(1 - abar), eps)),
        )
        return prev > 0 ? tf.add(mean, tf.mul(Math.sqrt(beta), tf.randomNormal(x.shape))) : mean
      })
      x.dispose()
      x = next
      if ((i + 1) % every === 0 && frames.length < FILM_FRAMES - 1)
        frames.push(tf.keep(tf.clone(x)))
    })
    frames.push(tf.keep(x))
    return frames
  }

  return {
    inputShape: imageShape,
    range: 'symmetric',
    variables,
    trainStep: ({ x }) => ({
      loss: minimizeStep(opt, () => noisyLoss(x, true), variables, ctx.doc.training.clipNorm),
    }),
    evaluate: ({ x }) => ({ loss: noisyLoss(x, false) }),
    previews: (epoch, _sample, epochEnd) => {
      if (!epochEnd) return []
      const frames = sample(FILM_SAMPLES, previewSteps)
      // Rows are samples, columns the trajectory x_T … x_0.
      const film = tf.tidy(() => {
        const byRow = tf.transpose(tf.stack(frames), [1, 0, ...imageShape.map((_, i) => i + 2)])
        return tf.clipByValue(tf.reshape(byRow, [-1, ...imageShape]), -1, 1)
      })
      const frame = imagesPreview(epoch, 'denoising', film, 'symmetric', frames.length)
      tf.dispose([film, ...frames])
      return [frame]
    },
    dispose: () => {
      opt.dispose()
    },
  }
}
