import type { z } from 'zod'
import * as tf from '@tensorflow/tfjs'
import { collectPenalties } from '../../layers'
import { trainableVariables } from '../../tfjs/variables'
import type { autoencoderSpec } from './spec'
import {
  imageInputShape,
  mainOutput,
  outputRange,
  roleModel,
  type RecipeContext,
} from '../../train/context'
import { bce, mse } from '../../train/losses'
import { framesOf, latentMapFrames, reconstructionPreview, rowsPreview } from '../../train/previews'
import { codingsPlanePreview } from '../../train/latentMap'
import type { RecipeSession } from '../../train/recipe'
import { minimizeStep } from '../../train/step'
import { hashPreview } from './hashing'

type AeSettings = z.output<typeof autoencoderSpec.settings>

/** The blocks that corrupt their input while training: a denoising autoencoder's noise. */
const CORRUPTIONS: ReadonlySet<string> = new Set(['gaussianNoise', 'dropout'])

/**
 * The autoencoder recipe: reconstruction loss (MSE or binary cross-entropy) plus the penalties of
 * regularization blocks; optionally a denoising autoencoder (Gaussian noise or dropout on the input
 * while training).
 */
export function autoencoderSession(ctx: RecipeContext, settings: AeSettings): RecipeSession {
  const enc = roleModel(ctx, 'encoder')
  const dec = roleModel(ctx, 'decoder')
  const opt = ctx.makeOptimizer()
  const variables = trainableVariables(enc.model, dec.model)
  const loss = settings.loss === 'bce' ? bce : mse
  const corrupt = (x: tf.Tensor) => {
    switch (settings.denoising.kind) {
      case 'none':
        return x
      case 'gaussian':
        return tf.add(x, tf.randomNormal(x.shape, 0, settings.denoising.stddev))
      case 'dropout':
        return tf.dropout(x, settings.denoising.rate)
    }
  }
  /**
   * The corruption a denoising autoencoder learns to undo, for its preview: the recipe's own, else
   * the encoder's first GaussianNoise or Dropout block (as it acts while training); null for none.
   */
  const corruptionLayer = enc.plan.nodes
    .filter((id) => CORRUPTIONS.has(ctx.report.index.nodes.get(id)?.kind ?? ''))
    .map((id) => ctx.compiled.layers.get(id))
    .find((l) => l !== undefined)
  const previewCorruption =
    settings.denoising.kind !== 'none'
      ? corrupt
      : corruptionLayer
        ? (x: tf.Tensor) => corruptionLayer.apply(x, { training: true }) as tf.Tensor
        : null
  const reconstruct = (x: tf.Tensor, training: boolean) =>
    mainOutput(dec, mainOutput(enc, x, training), training)
  const range = outputRange(ctx, dec)
  const inputShape = imageInputShape(enc)
  return {
    inputShape,
    range,
    variables,
    optimizers: [opt],
    trainStep: ({ x }) => {
      const total = minimizeStep(
        opt,
        () => {
          const { result, penalty } = collectPenalties(() => reconstruct(corrupt(x), true))
          const rec = loss(x, result)
          return penalty ? tf.add(rec, penalty) : rec
        },
        variables,
        ctx.doc.training.clipNorm,
      )
      return { loss: total }
    },
    evaluate: ({ x }) => ({ loss: loss(x, reconstruct(x, false)) }),
    previews: async (epoch, sample) => {
      const codings = mainOutput(enc, sample.x, false)
      // A table of numbers (points), not images: the codings are what there is to see.
      if (inputShape.length === 1) {
        const n = codings.shape[0]
        return codings.size === 2 * n
          ? [codingsPlanePreview(epoch, (await codings.data()) as Float32Array, n)]
          : latentMapFrames(epoch, codings, sample, range)
      }
      const noisy = previewCorruption?.(sample.x)
      return framesOf(
        reconstructionPreview(epoch, sample.x, mainOutput(dec, codings, false), range),
        // Originals, their corrupted copies, and what the autoencoder rebuilds from those.
        ...(noisy
          ? [
              rowsPreview(epoch, 'denoised', [sample.x, noisy, reconstruct(noisy, false)], range, [
                'original',
                'corrupted',
                'denoised',
              ]),
            ]
          : []),
        // The codings on their two principal axes, as for the VAE.
        latentMapFrames(epoch, codings, sample, range),
        ...(settings.hashing ? [hashPreview(epoch, sample.x, codings, range)] : []),
      )
    },
    dispose: () => {
      opt.dispose()
    },
  }
}
