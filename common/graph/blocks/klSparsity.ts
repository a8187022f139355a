import { z } from 'zod'
import { defineBlock } from '../block'
import { nonNegNumber } from '../params'
import { sameAsInput } from './helpers'

export const klSparsity = defineBlock({
  kind: 'klSparsity',
  label: 'KL sparsity',
  category: 'custom',
  description:
    'Adds weight × KL(target ‖ mean activation) to the loss, pushing sigmoid codings to be rarely active.',
  params: z.object({
    weight: nonNegNumber(5e-3),
    target: z
      .number()
      .gt(0, 'expected a number in (0, 1)')
      .lt(1, 'expected a number in (0, 1)')
      .default(0.1),
  }),
  inferShape: sameAsInput('KL sparsity'),
  build: (ctx, p) => ctx.custom.klSparsity({ name: ctx.name, weight: p.weight, target: p.target }),
  describe: (p) => `target ${p.target}, weight ${p.weight}`,
})
