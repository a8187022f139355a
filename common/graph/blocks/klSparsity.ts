import { z } from 'zod'
import { defineBlock } from '../block'
import { nonNegNumber } from '../params'
import { sameAsInput } from './helpers'
import { kerasCall } from './keras'

export const klSparsity = defineBlock({
  kind: 'klSparsity',
  label: 'KL sparsity',
  category: 'custom',
  description:
    'Adds weight × KL(target ‖ mean activation) to the loss, pushing sigmoid codings to be rarely active.',
  params: z.object({
    weight: nonNegNumber(5e-3),
    target: z
      .number()
      .gt(0, 'expected a number in (0, 1)')
      .lt(1, 'expected a number in (0, 1)')
      .default(0.1),
  }),
  inferShape: sameAsInput('KL sparsity'),
  kerasClass: `
@tf.keras.utils.register_keras_serializable(package="LatentStudio")
class KlSparsity(tf.keras.layers.Layer):
    """The chapter's KLDivergenceRegularizer as a layer: the identity, adding
    weight * (KL(target || mean) + KL(1 - target || 1 - mean)) / batch size to the loss, as Keras
    divides an activity regularizer's loss by the batch size."""

    def __init__(self, weight, target, **kwargs):
        super().__init__(**kwargs)
        self.weight = weight
        self.target = target

    def call(self, inputs):
        mean = tf.clip_by_value(tf.reduce_mean(inputs, axis=0), 1e-7, 1 - 1e-7)
        t = self.target
        kl = t * tf.math.log(t / mean) + (1 - t) * tf.math.log((1 - t) / (1 - mean))
        batch_size = tf.cast(tf.shape(inputs)[0], inputs.dtype)
        self.add_loss(self.weight * tf.reduce_sum(kl) / batch_size)
        return inputs

    def get_config(self):
        return {**super().get_config(), "weight": self.weight, "target": self.target}
`,
  keras: (p, c) => kerasCall('KlSparsity', c.name, [], { weight: p.weight, target: p.target }),
  build: (ctx, p) => ctx.custom.klSparsity({ name: ctx.name, weight: p.weight, target: p.target }),
  describe: (p) => `target ${p.target}, weight ${p.weight}`,
})
