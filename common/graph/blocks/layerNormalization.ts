import { z } from 'zod'
import { defineBlock, trainable } from '../block'
import { ok } from '../result'
import { lastDim } from '../shape'
import { featureDim } from './helpers'
import { kerasLayer } from './keras'

export const layerNormalization = defineBlock({
  kind: 'layerNormalization',
  label: 'LayerNormalization',
  category: 'normalization',
  description: 'Normalizes each example over its features, with a learned scale and offset.',
  params: z.object({
    epsilon: z.number().positive('expected a positive number').max(1).default(1e-3),
  }),
  inferShape: ([x]) => {
    const f = featureDim('LayerNormalization', x)
    return f.ok ? ok(f.value.shape) : f
  },
  countParams: ([x]) => trainable(2 * (lastDim(x ?? []) ?? 0)),
  keras: (p, c) => kerasLayer('LayerNormalization', c.name, [], { epsilon: p.epsilon }),
  build: (ctx, p) => ctx.tf.layers.layerNormalization({ epsilon: p.epsilon, name: ctx.name }),
})
