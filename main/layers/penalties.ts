import { tf, type Tensor } from './tf'

let collecting: Tensor[] | null = null

/**
 * Runs a forward pass while collecting the loss terms that regularization layers add (tfjs has no
 * activity regularizers). Call it inside the function given to `optimizer.minimize` so that the
 * penalties are on the gradient tape. `penalty` is their sum, or null when no layer added any.
 */
export function collectPenalties<T>(forward: () => T): { result: T; penalty: tf.Scalar | null } {
  const outer = collecting
  const mine: Tensor[] = []
  collecting = mine
  try {
    const result = forward()
    return { result, penalty: mine.length ? (tf.addN(mine) as tf.Scalar) : null }
  } finally {
    collecting = outer
  }
}

/** Adds a scalar loss term from inside a layer's call; ignored when nobody is collecting (inference). */
export function addPenalty(compute: () => Tensor): void {
  if (collecting) collecting.push(compute())
}
