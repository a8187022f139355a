import * as tf from '@tensorflow/tfjs'
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology'
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types'

export { tf }
export type { LayerArgs, Kwargs }
export type Tensor = tf.Tensor
export type LayerShape = tf.Shape

/** The single tensor of a one-input layer (tfjs passes arrays for multi-input layers). */
export function single(inputs: Tensor | Tensor[]): Tensor {
  const x = Array.isArray(inputs) ? inputs[0] : inputs
  if (!x) throw new Error('layer called without an input')
  return x
}

/** The input shape of a one-input layer. */
export function singleShape(shape: LayerShape | LayerShape[]): LayerShape {
  const first = shape[0]
  return Array.isArray(first) ? first : (shape as LayerShape)
}
