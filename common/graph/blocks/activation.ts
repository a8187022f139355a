import { z } from 'zod'
import { defineBlock } from '../block'
import { ACTIVATIONS } from '../params'
import { sameAsInput } from './helpers'
import { py } from '../../python'
import { kerasLayer } from './keras'

export const activation = defineBlock({
  kind: 'activation',
  label: 'Activation',
  category: 'activation',
  description: 'Applies a nonlinearity element-wise (leaky ReLU for GAN discriminators).',
  params: z.object({
    fn: z.enum([...ACTIVATIONS, 'leakyRelu']).default('relu'),
    alpha: z
      .number()
      .min(0, 'expected a non-negative number')
      .max(1, 'expected at most 1')
      .default(0.2),
  }),
  inferShape: sameAsInput('Activation'),
  // The first positional argument is the slope in Keras 2 (alpha) and Keras 3 (negative_slope).
  keras: (p, c) =>
    p.fn === 'leakyRelu'
      ? kerasLayer('LeakyReLU', c.name, [py(p.alpha)])
      : kerasLayer('Activation', c.name, [py(p.fn)]),
  build: (ctx, p) =>
    p.fn === 'leakyRelu'
      ? ctx.tf.layers.leakyReLU({ alpha: p.alpha, name: ctx.name })
      : ctx.tf.layers.activation({ activation: p.fn, name: ctx.name }),
  describe: (p) => (p.fn === 'leakyRelu' ? `leaky ReLU α=${p.alpha}` : p.fn),
})
