import { tf, type Tensor } from './tf'

/** Applies a named activation, for custom layers that take one (tfjs does not export its lookup). */
export function applyActivation(name: string, x: Tensor): Tensor {
  switch (name) {
    case 'linear':
      return x
    case 'relu':
      return tf.relu(x)
    case 'selu':
      return tf.selu(x)
    case 'elu':
      return tf.elu(x)
    case 'sigmoid':
      return tf.sigmoid(x)
    case 'tanh':
      return tf.tanh(x)
    case 'softmax':
      return tf.softmax(x)
    case 'swish':
      return tf.mul(x, tf.sigmoid(x))
    default:
      throw new Error(`unknown activation ${name}`)
  }
}
