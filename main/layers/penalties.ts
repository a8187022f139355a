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
    if (!mine.length) return { result, penalty: null }
    // The terms were kept past the model's internal tidy; the sum is tracked by the caller's scope
    // and the gradient tape, so the kept terms can go.
    const penalty = tf.addN(mine) as tf.Scalar
    tf.dispose(mine)
    return { result, penalty }
  } finally {
    collecting = outer
  }
}

/**
 * Adds a scalar loss term from inside a layer's call; ignored when nobody is collecting
 * (inference). The term is kept because tfjs runs a model's layers inside its own tidy scope.
 */
export function addPenalty(compute: () => Tensor): void {
  if (collecting) collecting.push(tf.keep(compute()))
}
