import { z } from 'zod'
import { defineBlock, type BlockDef, type BuildContext } from '../block'
import { LIMITS } from '../limits'
import type { TfLayer } from '../tfTypes'
import { broadcastShapes, mergeHandles } from './helpers'
import { kerasLayer } from './keras'

const params = z.object({
  inputs: z
    .number()
    .int('expected an integer')
    .min(2, 'expected at least 2 inputs')
    .max(LIMITS.mergeInputs, `expected at most ${LIMITS.mergeInputs} inputs`)
    .default(2),
})
export type ElementwiseParams = z.output<typeof params>

/** Shared definition of the element-wise merges (Add, Multiply), which differ only in the layer they build. */
export function elementwiseBlock(
  kind: string,
  label: string,
  description: string,
  make: (ctx: BuildContext) => TfLayer,
  kerasClass: string,
): BlockDef<ElementwiseParams> {
  return defineBlock({
    kind,
    label,
    category: 'merge',
    description,
    params,
    inputs: (p) => mergeHandles(p.inputs),
    inferShape: (inputs) => broadcastShapes(label, inputs),
    build: (ctx) => make(ctx),
    keras: (_p, c) => kerasLayer(kerasClass, c.name),
    describe: (p) => `${p.inputs} inputs`,
  })
}
