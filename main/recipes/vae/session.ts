import type { z } from 'zod'
import * as tf from '@tensorflow/tfjs'
import { trainableVariables } from '../../tfjs/variables'
import type { vaeSpec } from './spec'
import {
  imageInputShape,
  mainOutput,
  outputRange,
  roleModel,
  runModel,
  type RecipeContext,
} from '../../train/context'
import { bce, mse } from '../../train/losses'
import {
  framesOf,
  imagesPreview,
  latentMapFrames,
  reconstructionPreview,
} from '../../train/previews'
import { FID_SAMPLES } from '../../metrics/fid'
import type { RecipeSession, StepMetrics } from '../../train/recipe'
import { axisSweep, sweepLabels, SWEEP } from '../../train/latentMap'
import { minimizeStep } from '../../train/step'

type VaeSettings = z.output<typeof vaeSpec.settings>

/**
 * The chapter's VAE: reconstruction loss plus the latent loss
 * −½·Σ(1 + log σ² − σ² − μ²), averaged over the batch and divided by the input size (784).
 */
export function vaeSession(ctx: RecipeContext, settings: VaeSettings): RecipeSession {
  const enc = roleModel(ctx, 'encoder')
  const dec = roleModel(ctx, 'decoder')
  const opt = ctx.makeOptimizer()
  const variables = trainableVariables(enc.model, dec.model)
  const recLoss = settings.reconstructionLoss === 'bce' ? bce : mse
  const inputShape = imageInputShape(enc)
  const inputSize = inputShape.reduce((a, b) => a * b, 1)
  // The Sampling block's mean and log-variance inputs are encoder outputs (exposed by the compiler).
  const samplingId = enc.plan.nodes.find(
    (id) => ctx.report.index.nodes.get(id)?.kind === 'sampling',
  )
  const source = (handle: string) =>
    ctx.report.index.incoming.get(`${samplingId ?? ''}:${handle}`)?.source
  const meanIdx = enc.plan.outputs.indexOf(source('mean') ?? '')
  const logVarIdx = enc.plan.outputs.indexOf(source('logVar') ?? '')
  if (meanIdx < 0 || logVarIdx < 0)
    throw new Error(
      'VAE encoder does not expose the mean and log-variance (validation should have caught this)',
    )
  const codingsSize = dec.model.inputs[0]?.shape[1] ?? 1
  const range = outputRange(ctx, dec)
  const prior = tf.keep(tf.randomNormal([16, codingsSize]))
  const axes = Math.min(codingsSize, SWEEP.maxAxes)
  const sweep = tf.keep(tf.tensor(axisSweep(codingsSize), [axes * SWEEP.steps, codingsSize]))

  const forward = (x: tf.Tensor, training: boolean) => {
    const outs = runModel(enc, x, training)
    const [mean, logVar, codings] = [outs[meanIdx], outs[logVarIdx], outs.at(-1)]
    if (!mean || !logVar || !codings) throw new Error('VAE encoder outputs missing')
    const latent = tf.div<tf.Scalar>(
      tf.mean(
        tf.mul(
          -0.5,
          tf.sum(tf.sub(tf.sub(tf.add(1, logVar), tf.exp(logVar)), tf.square(mean)), -1),
        ),
      ),
      inputSize,
    )
    return { reconstruction: mainOutput(dec, codings, training), latent }
  }
  const losses = (x: tf.Tensor, training: boolean) => {
    const { reconstruction, latent } = forward(x, training)
    const rec = recLoss(x, tf.reshape(reconstruction, x.shape))
    return { rec, latent, total: tf.add<tf.Scalar>(rec, tf.mul(settings.latentWeight, latent)) }
  }
  return {
    inputShape,
    range,
    variables,
    optimizers: [opt],
    trainStep: ({ x }) => {
      const metrics: StepMetrics = {}
      metrics['loss'] = minimizeStep(
        opt,
        () => {
          const l = losses(x, true)
          // Kept past minimize's scope; the loop reads and disposes every returned metric.
          metrics['reconstruction'] = tf.keep(l.rec)
          metrics['latent'] = tf.keep(l.latent)
          return l.total
        },
        variables,
        ctx.doc.training.clipNorm,
      )
      return metrics
    },
    evaluate: ({ x }) => {
      const l = losses(x, false)
      return { loss: l.total, reconstruction: l.rec, latent: l.latent }
    },
    generate: () =>
      tf.reshape(mainOutput(dec, tf.randomNormal([FID_SAMPLES, codingsSize]), false), [
        FID_SAMPLES,
        ...inputShape,
      ]),
    previews: (epoch, sample) => {
      const recon = forward(sample.x, false).reconstruction
      const samples = mainOutput(dec, prior, false)
      const means = runModel(enc, sample.x, false)[meanIdx]
      return framesOf(
        reconstructionPreview(epoch, sample.x, recon, range),
        imagesPreview(epoch, 'samples', samples, range, {
          labels: { caption: '16 fixed codings drawn from N(0, I), decoded' },
        }),
        ...(means ? [latentMapFrames(epoch, means, sample, range)] : []),
        // Semantic interpolation: a row per latent axis, all codings 0 but that one.
        imagesPreview(epoch, 'latent-axes', mainOutput(dec, sweep, false), range, {
          columns: SWEEP.steps,
          labels: sweepLabels(axes),
        }),
      )
    },
    dispose: () => {
      opt.dispose()
      prior.dispose()
      sweep.dispose()
    },
  }
}
