import { defineBlock } from '../block'
import { ok } from '../result'
import { imageInput } from './helpers'
import { describeSides, pySides, sidePairs, sidesSchema } from './padding'
import { kerasLayer } from './keras'

export const zeroPadding2d = defineBlock({
  kind: 'zeroPadding2d',
  label: 'ZeroPadding2D',
  category: 'reshape',
  description: 'Adds rows and columns of zeros around the image (28×28 to 32×32 for the U-Net).',
  params: sidesSchema(3),
  inferShape: ([x], p) => {
    const img = imageInput('ZeroPadding2D', x)
    return img.ok
      ? ok([null, img.value.h + p.top + p.bottom, img.value.w + p.left + p.right, img.value.c])
      : img
  },
  keras: (p, c) => kerasLayer('ZeroPadding2D', c.name, [pySides(p)]),
  build: (ctx, p) => ctx.tf.layers.zeroPadding2d({ padding: sidePairs(p), name: ctx.name }),
  describe: describeSides,
})
