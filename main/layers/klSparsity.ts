import { addPenalty } from './penalties'
import { single, tf, type Kwargs, type LayerArgs, type Tensor } from './tf'

export interface KlSparsityArgs extends LayerArgs {
  weight: number
  target: number
}

const EPS = 1e-7

/** Keras's kullback_leibler_divergence(p, q) = Σ p·log(p/q), with both clipped to [ε, 1]. */
function kl(p: tf.Tensor | number, q: Tensor): Tensor {
  const pc = tf.clipByValue(p, EPS, 1)
  const qc = tf.clipByValue(q, EPS, 1)
  return tf.sum(tf.mul(pc, tf.log(tf.div(pc, qc))))
}

/**
 * The chapter's KLDivergenceRegularizer as a pass-through layer: adds
 * weight·(KL(t‖m) + KL(1−t‖1−m)) / batch size, m the mean activation of each unit over the batch.
 */
export class KlSparsity extends tf.layers.Layer {
  static readonly className = 'KlSparsity'
  readonly weight: number
  readonly target: number

  constructor(args: KlSparsityArgs) {
    super(args)
    this.weight = args.weight
    this.target = args.target
  }

  override call(inputs: Tensor | Tensor[], _kwargs: Kwargs): Tensor {
    const x = single(inputs)
    addPenalty(() => {
      const mean = tf.mean(x, 0)
      const t = tf.fill(mean.shape, this.target)
      const loss = tf.add(kl(t, mean), kl(tf.sub(1, t), tf.sub(1, mean)))
      return tf.div(tf.mul(this.weight, loss), x.shape[0])
    })
    return tf.clone(x)
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), weight: this.weight, target: this.target }
  }
}
