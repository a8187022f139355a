import { z } from 'zod'
import { defineBlock } from '../block'
import { err, ok } from '../result'
import { fmtShape, sameShape } from '../shape'
import { kerasCall } from './keras'

export const sampling = defineBlock({
  kind: 'sampling',
  label: 'Sampling',
  category: 'custom',
  description:
    'The VAE’s reparameterization trick: codings = mean + exp(log_var / 2) × ε, ε ~ N(0, 1).',
  params: z.object({}),
  inputs: () => [
    { id: 'mean', label: 'mean' },
    { id: 'logVar', label: 'log variance' },
  ],
  inferShape: ([mean, logVar]) => {
    if (!mean || !logVar) return err('Sampling needs a mean and a log-variance input')
    if (!sameShape(mean.shape, logVar.shape))
      return err(
        `Sampling's mean ${fmtShape(mean.shape)} and log-variance ${fmtShape(logVar.shape)} must have the same shape`,
      )
    return ok(mean.shape)
  },
  kerasClass: `
@tf.keras.utils.register_keras_serializable(package="LatentStudio")
class Sampling(tf.keras.layers.Layer):
    """The VAE's reparameterization trick: mean + exp(log_var / 2) * epsilon."""

    def call(self, inputs):
        mean, log_var = inputs
        return tf.random.normal(tf.shape(log_var)) * tf.exp(log_var / 2) + mean

    def get_config(self):
        return super().get_config()
`,
  keras: (_p, c) => kerasCall('Sampling', c.name),
  build: (ctx) => ctx.custom.sampling({ name: ctx.name }),
  exposesInputs: true,
})
