import * as tf from '@tensorflow/tfjs'
import { Tag, type GroupView } from './collective'
import type { GradientReducer } from '../step'

/** The gradient reducer of one party: its share of the batch is its weight in the mean. */
export const groupReducer =
  (view: GroupView, weight: number): GradientReducer =>
  (flat) =>
    view.allReduce(Tag.Gradients, flat, weight)

/** Total floats of the variables (the size of a weight sync). */
export const floatsOf = (vars: readonly tf.Variable[]): number =>
  vars.reduce((n, v) => n + (v.dtype === 'float32' ? v.size : 0), 0)

/** The float variables' values, one after the other. */
export function flatten(vars: readonly tf.Variable[]): Float32Array {
  const floats = vars.filter((v) => v.dtype === 'float32')
  const flat = new Float32Array(floatsOf(floats))
  let at = 0
  for (const v of floats) {
    flat.set(v.dataSync(), at)
    at += v.size
  }
  return flat
}

/**
 * Copies the leader's variables to every replica (all parties call it together): the leader
 * contributes its values with weight 1, replicas zeros with weight 0, so the mean is the leader's.
 */
export function syncWeights(view: GroupView, vars: readonly tf.Variable[]): void {
  const floats = vars.filter((v) => v.dtype === 'float32')
  const leader = view.party === 0
  const flat = leader ? flatten(floats) : new Float32Array(floatsOf(floats))
  const mean = view.allReduce(Tag.Weights, flat, leader ? 1 : 0)
  if (leader) return
  let at = 0
  for (const v of floats) {
    tf.tidy(() => {
      v.assign(tf.tensor(mean.subarray(at, at + v.size), v.shape))
    })
    at += v.size
  }
}
