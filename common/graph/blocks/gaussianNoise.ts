import { z } from 'zod'
import { defineBlock } from '../block'
import { nonNegNumber } from '../params'
import { sameAsInput } from './helpers'
import { py } from '../../python'
import { kerasLayer } from './keras'

export const gaussianNoise = defineBlock({
  kind: 'gaussianNoise',
  label: 'GaussianNoise',
  category: 'regularization',
  description: 'Adds Gaussian noise while training: the denoising autoencoder’s input corruption.',
  params: z.object({ stddev: nonNegNumber(0.2) }),
  inferShape: sameAsInput('GaussianNoise'),
  keras: (p, c) => kerasLayer('GaussianNoise', c.name, [py(p.stddev)]),
  build: (ctx, p) => ctx.tf.layers.gaussianNoise({ stddev: p.stddev, name: ctx.name }),
  describe: (p) => `σ ${p.stddev}`,
})
