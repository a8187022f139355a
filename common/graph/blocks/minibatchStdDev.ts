import { z } from 'zod'
import { defineBlock } from '../block'
import { ok } from '../result'
import { featureDim } from './helpers'
import { kerasCall } from './keras'

export const minibatchStdDev = defineBlock({
  kind: 'minibatchStdDev',
  label: 'MinibatchStdDev',
  category: 'custom',
  description:
    'Minibatch discrimination: appends the batch’s mean standard deviation as one more feature, so the discriminator can spot mode collapse.',
  params: z.object({}),
  inferShape: ([x]) => {
    const f = featureDim('MinibatchStdDev', x)
    return f.ok ? ok([...f.value.shape.slice(0, -1), f.value.c + 1]) : f
  },
  kerasClass: `
@tf.keras.utils.register_keras_serializable(package="LatentStudio")
class MinibatchStdDev(tf.keras.layers.Layer):
    """Appends the mean standard deviation over the batch as one more feature (against mode collapse)."""

    def call(self, inputs):
        std = tf.math.reduce_std(inputs, axis=0, keepdims=True)
        mean_std = tf.reduce_mean(std, axis=tf.range(1, tf.rank(std)), keepdims=True)
        shape = tf.concat([tf.shape(inputs)[:-1], [1]], axis=0)
        return tf.concat([inputs, tf.broadcast_to(mean_std, shape)], axis=-1)

    def get_config(self):
        return super().get_config()
`,
  keras: (_p, c) => kerasCall('MinibatchStdDev', c.name),
  build: (ctx) => ctx.custom.minibatchStdDev({ name: ctx.name }),
})
