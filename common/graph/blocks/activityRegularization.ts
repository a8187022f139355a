import { z } from 'zod'
import { defineBlock } from '../block'
import { nonNegNumber } from '../params'
import { sameAsInput } from './helpers'
import { kerasLayer } from './keras'

export const activityRegularization = defineBlock({
  kind: 'activityRegularization',
  label: 'ActivityRegularization',
  category: 'custom',
  description:
    'Adds l1·mean|a| + l2·mean(a²) of the activations to the loss: sparse codings (sparse autoencoder).',
  params: z.object({ l1: nonNegNumber(1e-4), l2: nonNegNumber(0) }),
  inferShape: sameAsInput('ActivityRegularization'),
  keras: (p, c) => kerasLayer('ActivityRegularization', c.name, [], { l1: p.l1, l2: p.l2 }),
  build: (ctx, p) => ctx.custom.activityRegularization({ name: ctx.name, l1: p.l1, l2: p.l2 }),
  describe: (p) =>
    [p.l1 ? `L1 ${p.l1}` : '', p.l2 ? `L2 ${p.l2}` : ''].filter(Boolean).join(', ') || 'off',
})
