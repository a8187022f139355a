import type { z } from 'zod'
import * as tf from '@tensorflow/tfjs'
import { trainableVariables } from '../../tfjs/variables'
import type { ganSpec } from './spec'
import {
  imageInputShape,
  mainOutput,
  outputRange,
  roleModel,
  type RecipeContext,
} from '../../train/context'
import { bce } from '../../train/losses'
import { imagesPreview } from '../../train/previews'
import { FID_SAMPLES } from '../../metrics/fid'
import type { RecipeSession } from '../../train/recipe'
import { minimizeStep } from '../../train/step'

type GanSettings = z.output<typeof ganSpec.settings>

/** Mean pairwise L2 distance between the examples of a batch (a sample-diversity figure). */
export async function meanPairwiseDistance(x: tf.Tensor): Promise<number> {
  const n = x.shape[0]
  const total = tf.tidy(() => {
    const flat = tf.reshape(x, [n, -1])
    const sq = tf.sum(tf.square(flat), 1, true)
    const d2 = tf.relu(
      tf.sub(tf.add(sq, tf.transpose(sq)), tf.mul(2, tf.matMul(flat, flat, false, true))),
    )
    return tf.sum(tf.sqrt(tf.add(d2, 1e-12)))
  })
  try {
    return ((await total.data())[0] ?? 0) / Math.max(1, n * (n - 1))
  } finally {
    total.dispose()
  }
}

/** Samples whose diversity falls below this share of the real images' diversity suggest mode collapse. */
export const MODE_COLLAPSE_RATIO = 0.3

/**
 * The chapter's two-phase GAN loop: train the discriminator on fakes (label 0) and reals (label 1,
 * or 1 − smoothing), then the generator through the discriminator, whose weights are left out of
 * the generator's variable list. Options: label smoothing, experience replay of past fakes.
 */
export function ganSession(ctx: RecipeContext, settings: GanSettings): RecipeSession {
  const gen = roleModel(ctx, 'generator')
  const disc = roleModel(ctx, 'discriminator')
  const [optD, optG] = [ctx.makeOptimizer(), ctx.makeOptimizer()]
  const varsD = trainableVariables(disc.model)
  const varsG = trainableVariables(gen.model)
  const inputShape = imageInputShape(disc)
  const range = outputRange(ctx, gen)
  const codings = settings.codingsSize
  const fixedNoise = tf.keep(tf.randomNormal([16, codings]))
  let replay: tf.Tensor | null = null
  const clip = ctx.doc.training.clipNorm
  const generate = (noise: tf.Tensor, training: boolean) => {
    const fake = mainOutput(gen, noise, training)
    return tf.reshape(fake, [noise.shape[0], ...inputShape])
  }
  const withReplay = (fake: tf.Tensor): tf.Tensor => {
    if (settings.replayBufferSize <= 0) return fake
    const previous = replay
    replay = tf.keep(
      previous
        ? tf
            .concat([fake, previous])
            .slice(0, Math.min(settings.replayBufferSize, previous.shape[0] + fake.shape[0]))
        : tf.clone(fake),
    )
    previous?.dispose()
    const n = fake.shape[0]
    const pool = replay.shape[0]
    if (pool <= n) return fake
    // Half the fakes come from the buffer of past generators' output.
    const picks = tf.tensor1d(
      Int32Array.from({ length: Math.floor(n / 2) }, () => Math.floor(Math.random() * pool)),
      'int32',
    )
    return tf.concat([fake.slice(0, n - Math.floor(n / 2)), tf.gather(replay, picks)])
  }
  return {
    inputShape,
    range,
    variables: [...varsG, ...varsD],
    optimizers: [optD, optG],
    trainStep: ({ x }) => {
      const b = x.shape[0]
      let dLoss = tf.scalar(0)
      let dReal = tf.scalar(0)
      let dFake = tf.scalar(0)
      for (let k = 0; k < settings.discriminatorSteps; k++) {
        const fake = withReplay(generate(tf.randomNormal([b, codings]), false))
        const batch = tf.concat([fake, x])
        const labels = tf.concat([tf.zeros([b, 1]), tf.fill([b, 1], 1 - settings.labelSmoothing)])
        dLoss = minimizeStep(
          optD,
          () => {
            const p = mainOutput(disc, batch, true)
            dFake = tf.keep(tf.mean(p.slice(0, b)))
            dReal = tf.keep(tf.mean(p.slice(b)))
            return bce(labels, p)
          },
          varsD,
          clip,
        )
      }
      const gLoss = minimizeStep(
        optG,
        () =>
          bce(
            tf.ones([b, 1]),
            mainOutput(disc, generate(tf.randomNormal([b, codings]), true), true),
          ),
        varsG,
        clip,
      )
      return { dLoss, gLoss, dReal, dFake }
    },
    generate: () => generate(tf.randomNormal([FID_SAMPLES, codings]), false),
    evaluate: ({ x }) => ({
      dReal: tf.mean(mainOutput(disc, x, false)),
      dFake: tf.mean(
        mainOutput(disc, generate(tf.randomNormal([x.shape[0], codings]), false), false),
      ),
    }),
    previews: async (epoch, sample) => {
      const samples = tf.tidy(() => generate(fixedNoise, false))
      const real = tf.slice(sample.x, 0, Math.min(16, sample.x.shape[0]))
      try {
        const [fake, spread] = await Promise.all([
          meanPairwiseDistance(samples),
          meanPairwiseDistance(real),
        ])
        const ratio = fake / Math.max(1e-12, spread)
        return [
          await imagesPreview(epoch, 'gan-fixed-noise', samples, range, {
            stats: { diversity: ratio, modeCollapse: ratio < MODE_COLLAPSE_RATIO ? 1 : 0 },
            labels: { caption: 'the same 16 noise vectors through the generator at every frame' },
          }),
        ]
      } finally {
        tf.dispose([samples, real])
      }
    },
    dispose: () => {
      optD.dispose()
      optG.dispose()
      fixedNoise.dispose()
      replay?.dispose()
    },
  }
}
