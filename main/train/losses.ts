import * as tf from '@tensorflow/tfjs'

const EPS = 1e-7

/** Mean squared error over every value of the batch. */
export const mse = (y: tf.Tensor, p: tf.Tensor): tf.Scalar => tf.mean(tf.squaredDifference(y, p))

/** Binary cross-entropy on probabilities (not logits), averaged over every value, as Keras's. */
export function bce(y: tf.Tensor, p: tf.Tensor): tf.Scalar {
  const pc = tf.clipByValue(p, EPS, 1 - EPS)
  return tf.neg(tf.mean(tf.add(tf.mul(y, tf.log(pc)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, pc))))))
}

/** Huber loss with δ = 1, averaged (the chapter's diffusion loss). */
export function huber(y: tf.Tensor, p: tf.Tensor): tf.Scalar {
  const err = tf.abs(tf.sub(y, p))
  const quad = tf.minimum(err, 1)
  return tf.mean(tf.add(tf.mul(0.5, tf.square(quad)), tf.sub(err, quad)))
}
