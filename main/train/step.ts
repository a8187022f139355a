import * as tf from '@tensorflow/tfjs'

/**
 * One optimizer step on an explicit variable list, returning the loss. With `clipNorm` > 0 the
 * gradients are scaled down together when their global norm exceeds it (exploding gradients).
 */
export function minimizeStep(
  opt: tf.Optimizer,
  loss: () => tf.Scalar,
  vars: readonly tf.Variable[],
  clipNorm = 0,
): tf.Scalar {
  const { value, grads } = opt.computeGradients(loss, [...vars])
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
