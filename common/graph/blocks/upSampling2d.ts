import { z } from 'zod'
import { defineBlock } from '../block'
import { posInt } from '../params'
import { ok } from '../result'
import { imageInput } from './helpers'
import { kerasLayer } from './keras'

export const upSampling2d = defineBlock({
  kind: 'upSampling2d',
  label: 'UpSampling2D',
  category: 'pooling',
  description: 'Repeats (or interpolates) pixels to enlarge the image; no weights.',
  params: z.object({
    size: posInt(2, 8),
    interpolation: z.enum(['nearest', 'bilinear']).default('nearest'),
  }),
  inferShape: ([x], p) => {
    const img = imageInput('UpSampling2D', x)
    return img.ok ? ok([null, img.value.h * p.size, img.value.w * p.size, img.value.c]) : img
  },
  keras: (p, c) =>
    kerasLayer('UpSampling2D', c.name, [], { size: p.size, interpolation: p.interpolation }),
  build: (ctx, p) =>
    ctx.tf.layers.upSampling2d({
      size: [p.size, p.size],
      interpolation: p.interpolation,
      name: ctx.name,
    }),
  describe: (p) => `×${p.size} ${p.interpolation}`,
})
