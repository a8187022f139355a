import { addPenalty } from './penalties'
import { single, tf, type Kwargs, type LayerArgs, type Tensor } from './tf'

export interface ActivityRegularizationArgs extends LayerArgs {
  l1: number
  l2: number
}

/**
 * Keras's ActivityRegularization: passes its input through and adds
 * (l1·Σ|a| + l2·Σa²) / batch size to the loss, as Keras does for activity regularizers.
 */
export class ActivityRegularization extends tf.layers.Layer {
  static readonly className = 'ActivityRegularization'
  readonly l1: number
  readonly l2: number

  constructor(args: ActivityRegularizationArgs) {
    super(args)
    this.l1 = args.l1
    this.l2 = args.l2
  }

  override call(inputs: Tensor | Tensor[], _kwargs: Kwargs): Tensor {
    const x = single(inputs)
    addPenalty(() => {
      const batch = x.shape[0]
      return tf.div(
        tf.add(tf.mul(this.l1, tf.sum(tf.abs(x))), tf.mul(this.l2, tf.sum(tf.square(x)))),
        batch,
      )
    })
    return tf.clone(x)
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), l1: this.l1, l2: this.l2 }
  }
}
