import { z } from 'zod'
import { defineBlock, trainable } from '../block'
import { LIMITS } from '../limits'
import { activationSchema, initializerSchema, posInt } from '../params'
import { err, ok } from '../result'
import { fmtShape, lastDim } from '../shape'
import { py } from '../../python'
import { kerasLayer, kerasInitializer } from './keras'

export const dense = defineBlock({
  kind: 'dense',
  label: 'Dense',
  category: 'core',
  description: 'Fully connected layer: every output unit sees every input feature.',
  params: z.object({
    units: posInt(64, LIMITS.units),
    activation: activationSchema.default('relu'),
    useBias: z.boolean().default(true),
    kernelInitializer: initializerSchema,
  }),
  inferShape: ([x], p) => {
    if (!x) return err('Dense has no input')
    if (x.shape.length >= 4)
      return err(`Dense after ${x.from} needs Flatten: got ${fmtShape(x.shape)}`)
    if (x.shape.length < 2 || lastDim(x.shape) === null)
      return err(`Dense needs a known feature dimension: got ${fmtShape(x.shape)}`)
    return ok([...x.shape.slice(0, -1), p.units])
  },
  countParams: ([x], p) => trainable((lastDim(x ?? []) ?? 0) * p.units + (p.useBias ? p.units : 0)),
  keras: (p, c) =>
    kerasLayer('Dense', c.name, [py(p.units)], {
      activation: p.activation,
      use_bias: p.useBias,
      kernel_initializer: kerasInitializer(p.kernelInitializer),
    }),
  build: (ctx, p) =>
    ctx.tf.layers.dense({
      units: p.units,
      activation: p.activation,
      useBias: p.useBias,
      kernelInitializer: p.kernelInitializer,
      name: ctx.name,
    }),
  describe: (p) => `${p.units}, ${p.activation}`,
})
