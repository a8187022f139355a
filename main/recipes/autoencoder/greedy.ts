import type { z } from 'zod'
import * as tf from '@tensorflow/tfjs'
import type { CompiledModel } from '../../tfjs/compile'
import { trainableVariables } from '../../tfjs/variables'
import type { autoencoderSpec } from './spec'
import { err, ok, type Result } from '../../../common/graph/result'
import {
  imageInputShape,
  mainOutput,
  outputRange,
  roleModel,
  type RecipeContext,
} from '../../train/context'
import { bce, mse } from '../../train/losses'
import { framesOf, reconstructionPreview } from '../../train/previews'
import type { RecipeSession } from '../../train/recipe'
import { minimizeStep } from '../../train/step'

type AeSettings = z.output<typeof autoencoderSpec.settings>

/** The layers of a model that is a plain chain (each node fed by the one before), Input excluded. */
function chainLayers(
  ctx: RecipeContext,
  model: CompiledModel,
): { id: string; kind: string; layer: tf.layers.Layer }[] | null {
  const out: { id: string; kind: string; layer: tf.layers.Layer }[] = []
  let previous: string | undefined
  for (const id of model.plan.nodes) {
    const node = ctx.report.index.nodes.get(id)
    if (!node || node.kind === 'input') {
      previous = id
      continue
    }
    const source = ctx.report.index.incoming.get(`${id}:in`)?.source
    const layer = ctx.compiled.layers.get(id)
    if (!layer || (previous !== undefined && source !== previous && out.length > 0)) return null
    out.push({ id, kind: node.kind, layer })
    previous = id
  }
  return out
}

const applyAll = (
  layers: readonly { layer: tf.layers.Layer }[],
  x: tf.Tensor,
  training: boolean,
): tf.Tensor => layers.reduce((h, l) => l.layer.apply(h, { training }) as tf.Tensor, x)

/**
 * Greedy layer-wise training: phase k trains the k-th Dense layer of the encoder with its mirror
 * in the decoder to rebuild the (frozen) output of the layers below, one shallow autoencoder at a
 * time, as in the chapter, at the k-th of `layerLearningRates` (the document's rate if none).
 * Needs an encoder and a decoder that are chains with as many Dense layers.
 */
export function greedyPhases(ctx: RecipeContext, settings: AeSettings): Result<RecipeSession[]> {
  const enc = roleModel(ctx, 'encoder')
  const dec = roleModel(ctx, 'decoder')
  const encLayers = chainLayers(ctx, enc)
  const decLayers = chainLayers(ctx, dec)
  const need =
    'greedy layer-wise training needs an encoder and a decoder that are single chains with the same number of Dense layers'
  if (!encLayers || !decLayers) return err(need)
  const encDense = encLayers.flatMap((l, i) => (l.kind === 'dense' ? [i] : []))
  const decDense = decLayers.flatMap((l, i) => (l.kind === 'dense' ? [i] : []))
  if (!encDense.length || encDense.length !== decDense.length) return err(need)
  const loss = settings.loss === 'bce' ? bce : mse
  const range = outputRange(ctx, dec)
  const reconstruct = (x: tf.Tensor) => mainOutput(dec, mainOutput(enc, x, false), false)
  const n = encDense.length
  return ok(
    encDense.map((ei, k) => {
      const di = decDense[n - 1 - k] ?? 0
      const below = encLayers.slice(0, ei) // frozen: everything under this layer
      const layer = encLayers.slice(ei, ei + 1)
      // The mirror, plus (for the outermost pair) the decoder's tail that restores the input's shape.
      const mirror = k === 0 ? decLayers.slice(di) : decLayers.slice(di, di + 1)
      const variables = trainableVariables(...[...layer, ...mirror].map((l) => l.layer))
      const opt = ctx.makeOptimizer(settings.layerLearningRates[k])
      const pair = (x: tf.Tensor, training: boolean) => {
        // The pair sees the frozen output of the layers below; the outermost pair rebuilds the image itself.
        const input = applyAll(below, x, false)
        const target = k === 0 ? x : input
        return { target, output: applyAll(mirror, applyAll(layer, input, training), training) }
      }
      const session: RecipeSession = {
        inputShape: imageInputShape(enc),
        range,
        variables,
        optimizers: [opt],
        trainStep: ({ x }) => ({
          loss: minimizeStep(
            opt,
            () => {
              const { target, output } = pair(x, true)
              return loss(target, tf.reshape(output, target.shape))
            },
            variables,
            ctx.doc.training.clipNorm,
          ),
        }),
        evaluate: ({ x }) => {
          const { target, output } = pair(x, false)
          return {
            loss: loss(target, tf.reshape(output, target.shape)),
            reconstruction: loss(x, tf.reshape(reconstruct(x), x.shape)),
          }
        },
        previews: (epoch, sample) =>
          framesOf(reconstructionPreview(epoch, sample.x, reconstruct(sample.x), range)),
        dispose: () => {
          opt.dispose()
        },
      }
      return session
    }),
  )
}
