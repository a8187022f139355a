import { z } from 'zod'
import { defineBlock } from '../block'
import { LIMITS } from '../limits'
import { err, ok } from '../result'
import { fmtShape } from '../shape'
import { mergeHandles } from './helpers'
import { kerasLayer } from './keras'

export const concatenate = defineBlock({
  kind: 'concatenate',
  label: 'Concatenate',
  category: 'merge',
  description: 'Joins its inputs along one axis (the last by default): U-Net skip connections.',
  params: z.object({
    inputs: z
      .number()
      .int('expected an integer')
      .min(2, 'expected at least 2 inputs')
      .max(LIMITS.mergeInputs, `expected at most ${LIMITS.mergeInputs} inputs`)
      .default(2),
    axis: z
      .number()
      .int('expected an integer')
      .min(-LIMITS.rank)
      .max(LIMITS.rank)
      .refine((a) => a !== 0, 'cannot concatenate along the batch axis')
      .default(-1),
  }),
  inputs: (p) => mergeHandles(p.inputs),
  inferShape: (inputs, p) => {
    const first = inputs[0]
    if (!first) return err('Concatenate has no inputs')
    const rank = first.shape.length
    const axis = p.axis < 0 ? rank + p.axis : p.axis
    if (axis <= 0 || axis >= rank)
      return err(`Concatenate axis ${p.axis} is outside ${fmtShape(first.shape)}`)
    const all = inputs.map((i) => fmtShape(i.shape)).join(' and ')
    let total = 0
    for (const x of inputs) {
      if (x.shape.length !== rank)
        return err(`Concatenate needs inputs of the same rank: got ${all}`)
      for (let i = 1; i < rank; i++) {
        if (i !== axis && x.shape[i] !== first.shape[i])
          return err(
            `Concatenate shapes conflict on axis ${i}: ${all} (all dims but axis ${p.axis} must match)`,
          )
      }
      const d = x.shape[axis]
      if (d == null) return err(`Concatenate needs known sizes along axis ${p.axis}: got ${all}`)
      total += d
    }
    return ok(first.shape.map((d, i) => (i === axis ? total : d)))
  },
  keras: (p, c) => kerasLayer('Concatenate', c.name, [], { axis: p.axis }),
  build: (ctx, p) => ctx.tf.layers.concatenate({ axis: p.axis, name: ctx.name }),
  describe: (p) => `${p.inputs} inputs, axis ${p.axis}`,
})
