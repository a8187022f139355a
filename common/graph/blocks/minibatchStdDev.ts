import { z } from 'zod'
import { defineBlock } from '../block'
import { ok } from '../result'
import { featureDim } from './helpers'

export const minibatchStdDev = defineBlock({
  kind: 'minibatchStdDev',
  label: 'MinibatchStdDev',
  category: 'custom',
  description:
    'Minibatch discrimination: appends the batch’s mean standard deviation as one more feature, so the discriminator can spot mode collapse.',
  params: z.object({}),
  inferShape: ([x]) => {
    const f = featureDim('MinibatchStdDev', x)
    return f.ok ? ok([...f.value.shape.slice(0, -1), f.value.c + 1]) : f
  },
  build: (ctx) => ctx.custom.minibatchStdDev({ name: ctx.name }),
})
