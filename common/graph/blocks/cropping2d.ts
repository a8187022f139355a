import { defineBlock } from '../block'
import { err, ok } from '../result'
import { fmtShape } from '../shape'
import { imageInput } from './helpers'
import { describeSides, pySides, sidePairs, sidesSchema } from './padding'
import { kerasLayer } from './keras'

export const cropping2d = defineBlock({
  kind: 'cropping2d',
  label: 'Cropping2D',
  category: 'reshape',
  description: 'Removes rows and columns at the image borders (back from 32×32 to 28×28).',
  params: sidesSchema(3),
  inferShape: ([x], p) => {
    const img = imageInput('Cropping2D', x)
    if (!img.ok) return img
    const h = img.value.h - p.top - p.bottom
    const w = img.value.w - p.left - p.right
    if (h < 1 || w < 1) return err(`Cropping2D removes more than ${fmtShape(x?.shape)} has`)
    return ok([null, h, w, img.value.c])
  },
  keras: (p, c) => kerasLayer('Cropping2D', c.name, [pySides(p)]),
  build: (ctx, p) => ctx.tf.layers.cropping2D({ cropping: sidePairs(p), name: ctx.name }),
  describe: describeSides,
})
