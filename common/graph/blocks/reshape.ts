import { z } from 'zod'
import { defineBlock } from '../block'
import { LIMITS } from '../limits'
import { err, ok } from '../result'
import { exampleSize, fmtShape } from '../shape'
import { py } from '../../python'
import { kerasLayer } from './keras'

const dim = z
  .number({ error: 'expected positive integer or -1' })
  .int('expected positive integer or -1')
  .refine((d) => d === -1 || d > 0, 'expected positive integer or -1')
  .refine((d) => d <= LIMITS.dim, `expected at most ${LIMITS.dim}`)

export const reshape = defineBlock({
  kind: 'reshape',
  label: 'Reshape',
  category: 'reshape',
  description:
    'Gives each example a new shape with the same number of values; one dimension may be -1.',
  params: z.object({
    targetShape: z
      .array(dim)
      .min(1, 'expected at least 1 dimension')
      .max(LIMITS.rank - 1, `expected at most ${LIMITS.rank - 1} dimensions`)
      .refine((s) => s.filter((d) => d === -1).length <= 1, 'at most one dimension may be -1')
      .default([28, 28]),
  }),
  inferShape: ([x], p) => {
    if (!x) return err('Reshape has no input')
    const size = exampleSize(x.shape)
    if (size === null) return err(`Reshape needs known dimensions: got ${fmtShape(x.shape)}`)
    const known = p.targetShape.filter((d) => d !== -1).reduce((a, b) => a * b, 1)
    if (p.targetShape.includes(-1)) {
      if (size % known !== 0)
        return err(
          `Reshape to ${fmtShape(p.targetShape)} cannot divide ${size} values from ${fmtShape(x.shape)}`,
        )
      return ok([null, ...p.targetShape.map((d) => (d === -1 ? size / known : d))])
    }
    if (known !== size)
      return err(
        `Reshape to ${fmtShape(p.targetShape)} needs ${known} values, got ${size} from ${fmtShape(x.shape)}`,
      )
    return ok([null, ...p.targetShape])
  },
  // tfjs leaves a -1 unknown in symbolic shapes, which breaks layers after it: pass the resolved dims.
  keras: (p, c) => kerasLayer('Reshape', c.name, [py(p.targetShape)]),
  build: (ctx, p) =>
    ctx.tf.layers.reshape({
      targetShape:
        ctx.outputShape.length > 1 ? ctx.outputShape.slice(1).map((d) => d ?? -1) : p.targetShape,
      name: ctx.name,
    }),
  describe: (p) => p.targetShape.join('×'),
})
