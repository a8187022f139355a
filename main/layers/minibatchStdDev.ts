import {
  single,
  singleShape,
  tf,
  type Kwargs,
  type LayerArgs,
  type LayerShape,
  type Tensor,
} from './tf'

/**
 * Minibatch standard deviation (ProGAN's form of minibatch discrimination): the mean over features
 * of each feature's standard deviation across the batch, appended as one extra feature/channel.
 * A collapsed generator makes near-identical images, so this feature gives it away.
 */
export class MinibatchStdDev extends tf.layers.Layer {
  static readonly className = 'MinibatchStdDev'

  constructor(args: LayerArgs = {}) {
    super(args)
  }

  override computeOutputShape(shape: LayerShape | LayerShape[]): LayerShape {
    const s = singleShape(shape)
    const c = s[s.length - 1]
    return [...s.slice(0, -1), c == null ? null : c + 1]
  }

  override call(inputs: Tensor | Tensor[], _kwargs: Kwargs): Tensor {
    return tf.tidy(() => {
      const x = single(inputs)
      const { variance } = tf.moments(x, 0)
      const stat = tf.mean(tf.sqrt(tf.add(variance, 1e-8)))
      const shape = [...x.shape.slice(0, -1), 1]
      return tf.concat([x, tf.mul(tf.ones(shape), stat)], -1)
    })
  }
}
