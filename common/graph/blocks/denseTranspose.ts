import { z } from 'zod'
import { defineBlock, elements, trainable } from '../block'
import { activationSchema, nodeRefSchema } from '../params'
import { err, ok } from '../result'
import { fmtShape, lastDim } from '../shape'
import { py } from '../../python'
import { kerasCall } from './keras'

export const denseTranspose = defineBlock({
  kind: 'denseTranspose',
  label: 'DenseTranspose',
  category: 'custom',
  description:
    'A decoder layer that reuses the transposed weights of an encoder Dense layer (tied autoencoder); only its bias is its own.',
  params: z.object({
    tiedTo: nodeRefSchema.default(''),
    activation: activationSchema.default('relu'),
  }),
  refs: ['tiedTo'],
  inferShape: ([x], p, env) => {
    if (!p.tiedTo) return err('DenseTranspose must be tied to a Dense layer: set tiedTo')
    const kind = env.kindOf(p.tiedTo)
    if (kind === undefined)
      return err(`DenseTranspose is tied to '${p.tiedTo}', which does not exist`)
    if (kind !== 'dense')
      return err(`DenseTranspose is tied to '${p.tiedTo}', a ${kind} block; it needs a Dense layer`)
    if (!x) return err('DenseTranspose has no input')
    const units = env.paramsOf(p.tiedTo)?.['units']
    const tiedIn = lastDim(env.inputShapeOf(p.tiedTo) ?? [])
    if (tiedIn === null)
      return err(`DenseTranspose waits for '${p.tiedTo}' to have a known input shape`)
    if (x.shape.length !== 2 || lastDim(x.shape) !== units)
      return err(
        `DenseTranspose tied to '${p.tiedTo}' (${String(units)} units) needs input [null,${String(units)}]: got ${fmtShape(x.shape)}`,
      )
    return ok([null, tiedIn])
  },
  countParams: (_inputs, _p, out) => trainable(lastDim(out) ?? 0),
  // The tied kernel (input × output) is applied here too, though its weights are counted there.
  flops: ([x], _p, out) => 2 * (lastDim(x ?? []) ?? 0) * elements(out) + elements(out),
  kerasClass: `
@tf.keras.utils.register_keras_serializable(package="LatentStudio")
class DenseTranspose(tf.keras.layers.Layer):
    """A Dense layer tied to another one: it uses that layer's kernel transposed.

    The tied layer is tracked with it, so a model saved alone (the decoder without its encoder)
    keeps that layer's config and weights and loads back with a copy of it.
    """

    def __init__(self, dense, units, activation=None, **kwargs):
        super().__init__(**kwargs)
        self.dense = dense
        self.units = units
        self.activation = tf.keras.activations.get(activation)

    def build(self, batch_input_shape):
        if not self.dense.built:  # loaded from a file: the copy of the tied layer
            self.dense.build((None, self.units))
        self.biases = self.add_weight(name="bias", shape=[self.units], initializer="zeros")
        super().build(batch_input_shape)

    def call(self, inputs):
        z = tf.matmul(inputs, self.dense.kernel, transpose_b=True)
        return self.activation(z + self.biases)

    def get_config(self):
        return {**super().get_config(), "dense": tf.keras.layers.serialize(self.dense),
                "units": self.units, "activation": tf.keras.activations.serialize(self.activation)}

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        config["dense"] = tf.keras.layers.deserialize(config["dense"])
        return cls(**config)
`,
  keras: (p, c) =>
    kerasCall('DenseTranspose', c.name, [c.layerOf(p.tiedTo), py(c.shape.at(-1))], {
      activation: p.activation,
    }),
  build: (ctx, p) => {
    const tied = ctx.layerOf(p.tiedTo)
    if (!tied)
      throw new Error(`DenseTranspose ${ctx.name}: tied layer ${p.tiedTo} was not built first`)
    // Its size comes from inference, so the tied layer need not be built yet.
    const units = lastDim(ctx.outputShape)
    if (units === null) throw new Error(`DenseTranspose ${ctx.name}: no inferred output size`)
    return ctx.custom.denseTranspose({ name: ctx.name, tied, units, activation: p.activation })
  },
  describe: (p) => `tied to ${p.tiedTo || '?'}, ${p.activation}`,
})
