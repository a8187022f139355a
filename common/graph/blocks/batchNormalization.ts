import { z } from 'zod'
import { defineBlock } from '../block'
import { rate } from '../params'
import { ok } from '../result'
import { lastDim } from '../shape'
import { featureDim } from './helpers'
import { kerasLayer } from './keras'

export const batchNormalization = defineBlock({
  kind: 'batchNormalization',
  label: 'BatchNormalization',
  category: 'normalization',
  description:
    'Normalizes each channel over the batch, with a learned scale and offset (DCGAN, U-Net).',
  params: z.object({
    momentum: rate(0.99),
    epsilon: z.number().positive('expected a positive number').max(1).default(1e-3),
  }),
  inferShape: ([x]) => {
    const f = featureDim('BatchNormalization', x)
    return f.ok ? ok(f.value.shape) : f
  },
  countParams: ([x]) => {
    const c = lastDim(x ?? []) ?? 0
    return { trainable: 2 * c, nonTrainable: 2 * c }
  },
  keras: (p, c) =>
    kerasLayer('BatchNormalization', c.name, [], { momentum: p.momentum, epsilon: p.epsilon }),
  build: (ctx, p) =>
    ctx.tf.layers.batchNormalization({ momentum: p.momentum, epsilon: p.epsilon, name: ctx.name }),
})
