import { z } from 'zod'
import { defineBlock } from '../block'
import { err, ok } from '../result'
import { exampleSize, fmtShape } from '../shape'
import { kerasLayer } from './keras'

export const flatten = defineBlock({
  kind: 'flatten',
  label: 'Flatten',
  category: 'reshape',
  description: 'Unrolls each example into a vector, e.g. [28,28] into [784].',
  params: z.object({}),
  inferShape: ([x]) => {
    if (!x) return err('Flatten has no input')
    // tfjs's Flatten takes [batch, a, b, …] only (found by fuzzing: [null,784] compiled to an error).
    if (x.shape.length < 3)
      return err(
        `Flatten needs an input with two or more dimensions besides the batch: ${fmtShape(x.shape)} is already flat`,
      )
    const size = exampleSize(x.shape)
    return size === null
      ? err(`Flatten needs known dimensions: got ${fmtShape(x.shape)}`)
      : ok([null, size])
  },
  keras: (_p, c) => kerasLayer('Flatten', c.name),
  build: (ctx) => ctx.tf.layers.flatten({ name: ctx.name }),
})
