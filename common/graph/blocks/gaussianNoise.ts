import { z } from 'zod'
import { defineBlock } from '../block'
import { nonNegNumber } from '../params'
import { sameAsInput } from './helpers'

export const gaussianNoise = defineBlock({
  kind: 'gaussianNoise',
  label: 'GaussianNoise',
  category: 'regularization',
  description: 'Adds Gaussian noise while training: the denoising autoencoder’s input corruption.',
  params: z.object({ stddev: nonNegNumber(0.2) }),
  inferShape: sameAsInput('GaussianNoise'),
  build: (ctx, p) => ctx.tf.layers.gaussianNoise({ stddev: p.stddev, name: ctx.name }),
  describe: (p) => `σ ${p.stddev}`,
})
