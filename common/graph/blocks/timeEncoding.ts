import { z } from 'zod'
import { defineBlock } from '../block'
import { LIMITS } from '../limits'
import { posInt } from '../params'
import { err, ok } from '../result'
import { fmtShape } from '../shape'
import { kerasCall } from './keras'

export const timeEncoding = defineBlock({
  kind: 'timeEncoding',
  label: 'TimeEncoding',
  category: 'custom',
  description:
    'Sinusoidal embedding of the diffusion step t (integer input), as in the chapter’s DDPM.',
  params: z
    .object({
      steps: posInt(4000, LIMITS.timeSteps),
      dims: posInt(64, LIMITS.units).refine((d) => d % 2 === 0, 'expected an even number'),
    })
    // Its constant table is (steps + 1) × dims values, allocated when the layer is built.
    .refine((p) => (p.steps + 1) * p.dims <= LIMITS.exampleValues, {
      message: `expected (steps + 1) × dims at most ${LIMITS.exampleValues} (the step table's size)`,
      path: ['dims'],
    }),
  inferShape: ([x], p) => {
    if (!x) return err('TimeEncoding has no input')
    // [null] is the chapter's form; [null,1] also works with tfjs's predict(), which rejects rank-1 inputs.
    const perExample = x.shape.length === 1 || (x.shape.length === 2 && x.shape[1] === 1)
    if (!perExample)
      return err(
        `TimeEncoding needs one integer step per example, shape [null] or [null,1]: got ${fmtShape(x.shape)}`,
      )
    return ok([null, p.dims])
  },
  kerasClass: `
@tf.keras.utils.register_keras_serializable(package="LatentStudio")
class TimeEncoding(tf.keras.layers.Layer):
    """Embeds integer diffusion steps with the sinusoidal table of the chapter."""

    def __init__(self, steps, dims, **kwargs):
        super().__init__(**kwargs)
        self.steps = steps
        self.dims = dims
        assert dims % 2 == 0, "dims must be even"
        p, i = np.meshgrid(np.arange(steps + 1), 2 * np.arange(dims // 2))
        t_emb = np.empty((steps + 1, dims))
        t_emb[:, ::2] = np.sin(p / 10_000 ** (i / dims)).T
        t_emb[:, 1::2] = np.cos(p / 10_000 ** (i / dims)).T
        self.time_encodings = tf.constant(t_emb.astype(np.float32))

    def call(self, inputs):
        return tf.gather(self.time_encodings, tf.reshape(tf.cast(inputs, tf.int32), [-1]))

    def get_config(self):
        return {**super().get_config(), "steps": self.steps, "dims": self.dims}
`,
  keras: (p, c) => kerasCall('TimeEncoding', c.name, [], { steps: p.steps, dims: p.dims }),
  build: (ctx, p) => ctx.custom.timeEncoding({ name: ctx.name, steps: p.steps, dims: p.dims }),
  describe: (p) => `T=${p.steps}, ${p.dims} dims`,
})
