import { tf, type Kwargs, type LayerArgs, type LayerShape, type Tensor } from './tf'

/** The VAE's reparameterization trick: mean + exp(logVar / 2) · ε with ε ~ N(0, 1). */
export class Sampling extends tf.layers.Layer {
  static readonly className = 'Sampling'

  constructor(args: LayerArgs = {}) {
    super(args)
  }

  override computeOutputShape(shape: LayerShape | LayerShape[]): LayerShape {
    const first = shape[0]
    if (!Array.isArray(first)) throw new Error('Sampling needs two inputs: mean and log-variance')
    return first
  }

  override call(inputs: Tensor | Tensor[], _kwargs: Kwargs): Tensor {
    return tf.tidy(() => {
      const [mean, logVar] = inputs as Tensor[]
      if (!mean || !logVar) throw new Error('Sampling needs two inputs: mean and log-variance')
      return tf.add(mean, tf.mul(tf.exp(tf.mul(logVar, 0.5)), tf.randomNormal(mean.shape)))
    })
  }
}
