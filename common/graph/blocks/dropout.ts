import { z } from 'zod'
import { defineBlock } from '../block'
import { rate } from '../params'
import { sameAsInput } from './helpers'
import { py } from '../../python'
import { kerasLayer } from './keras'

export const dropout = defineBlock({
  kind: 'dropout',
  label: 'Dropout',
  category: 'regularization',
  description:
    'Zeroes a random share of its inputs while training (also the denoising autoencoder’s corruption).',
  params: z.object({ rate: rate(0.5) }),
  inferShape: sameAsInput('Dropout'),
  keras: (p, c) => kerasLayer('Dropout', c.name, [py(p.rate)]),
  build: (ctx, p) => ctx.tf.layers.dropout({ rate: p.rate, name: ctx.name }),
  describe: (p) => `rate ${p.rate}`,
})
