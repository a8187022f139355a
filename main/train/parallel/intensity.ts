import type * as tf from '@tensorflow/tfjs'

/**
 * Multiply-adds per weight per example, estimated from the layers: a weight is used once per output
 * position (1 for a dense layer, H×W for a convolution). Data-parallel threads pay for moving every
 * weight's gradient each step, so they only pay off when this, times the batch, is large.
 */
export function workPerWeight(models: readonly tf.LayersModel[]): number {
  let weights = 0
  let work = 0
  for (const model of models)
    for (const layer of model.layers) {
      const p = layer.countParams()
      if (!p) continue
      const out = layer.outputShape
      const shape = (Array.isArray(out[0]) ? out[0] : out) as readonly (number | null)[]
      const positions = shape.slice(1, -1).reduce<number>((a, b) => a * (b ?? 1), 1)
      weights += p
      work += p * positions
    }
  return weights > 0 ? work / weights : 0
}

/**
 * Batch × work per weight above which two threads beat one on the wasm backend (measured on the
 * chapter's models: the dense VAE at 128 runs faster alone, the convolutional models at ≥ 1,594
 * faster in two threads; see README, Performance).
 */
export const PARALLEL_WORK = 1024
