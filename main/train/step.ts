import * as tf from '@tensorflow/tfjs'

/**
 * Averages a step's flattened gradients (and its loss, last) with the other training threads' and
 * returns the mean, identical in every thread. Set while a data-parallel step runs.
 */
export type GradientReducer = (flat: Float32Array) => Float32Array

let reducer: GradientReducer | null = null

/** Runs `f` (a recipe's train step) with its optimizer steps averaging gradients through `r`. */
export function withGradientReducer<T>(r: GradientReducer, f: () => T): T {
  const before = reducer
  reducer = r
  try {
    return f()
  } finally {
    reducer = before
  }
}

/** The gradients and loss averaged over the training threads, as tensors again. */
function reduced(
  r: GradientReducer,
  value: tf.Scalar,
  grads: tf.NamedTensorMap,
  vars: readonly tf.Variable[],
): { value: tf.Scalar; grads: tf.NamedTensorMap } {
  const present = vars.filter((v) => v.name in grads)
  const size = present.reduce((n, v) => n + v.size, 0)
  const flat = new Float32Array(size + 1)
  let at = 0
  for (const v of present) {
    const g = grads[v.name]
    if (g) flat.set(g.dataSync(), at)
    at += v.size
  }
  flat[size] = value.dataSync()[0] ?? NaN
  const mean = r(flat)
  at = 0
  const out: tf.NamedTensorMap = {}
  for (const v of present) {
    out[v.name] = tf.tensor(mean.subarray(at, at + v.size), v.shape)
    at += v.size
  }
  return { value: tf.scalar(mean[size] ?? NaN), grads: out }
}

/**
 * One optimizer step on an explicit variable list, returning the loss. With `clipNorm` > 0 the
 * gradients are scaled down together when their global norm exceeds it (exploding gradients).
 * Inside `withGradientReducer` the gradients and the loss are first averaged over the threads.
 */
export function minimizeStep(
  opt: tf.Optimizer,
  loss: () => tf.Scalar,
  vars: readonly tf.Variable[],
  clipNorm = 0,
): tf.Scalar {
  const computed = opt.computeGradients(loss, [...vars])
  const { value, grads } = reducer
    ? reduced(reducer, computed.value, computed.grads, vars)
    : computed
  if (clipNorm > 0) {
    const norm = tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g)))))
    const scale = tf.minimum(1, tf.div(clipNorm, tf.add(norm, 1e-12)))
    opt.applyGradients(
      Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, tf.mul(g, scale)])),
    )
  } else {
    opt.applyGradients(grads)
  }
  return value
}
