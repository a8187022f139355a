import { z } from 'zod'
import { defineBlock } from '../block'
import { ok } from '../result'
import { imageInput } from './helpers'
import { kerasLayer } from './keras'

export const globalAvgPool2d = defineBlock({
  kind: 'globalAvgPool2d',
  label: 'GlobalAvgPool2D',
  category: 'pooling',
  description: 'Averages each channel over the whole image: [h,w,c] becomes [c].',
  params: z.object({}),
  inferShape: ([x]) => {
    const img = imageInput('GlobalAvgPool2D', x)
    return img.ok ? ok([null, img.value.c]) : img
  },
  keras: (_p, c) => kerasLayer('GlobalAvgPool2D', c.name),
  build: (ctx) => ctx.tf.layers.globalAveragePooling2d({ name: ctx.name }),
})
