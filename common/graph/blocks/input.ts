import { z } from 'zod'
import { defineBlock } from '../block'
import { dimsSchema } from '../params'
import { ok } from '../result'

const params = z.object({
  shape: dimsSchema([28, 28]),
  dtype: z.enum(['float32', 'int32']).default('float32'),
})
export type InputParams = z.output<typeof params>

export const input = defineBlock({
  kind: 'input',
  label: 'Input',
  category: 'input',
  description:
    'A model input: images, codings or diffusion time steps. The batch dimension is added.',
  params,
  inputs: () => [],
  inferShape: (_inputs, p) => ok([null, ...p.shape]),
  // An Input block is the model's `tf.keras.Input`, which the script writes per model.
  keras: () => '',
  build: (ctx, p) =>
    ctx.tf.layers.inputLayer({
      batchInputShape: [null, ...p.shape],
      dtype: p.dtype,
      name: ctx.name,
    }),
  describe: (p) => `${p.shape.join('×') || 'scalar'}${p.dtype === 'int32' ? ' int' : ''}`,
})
