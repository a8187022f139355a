import type { ShapeReport } from './inferShapes'
import type { ModelPlan } from './partition'

/** The pixel range a model's images live in: [0,1] (`unit`) or [-1,1] (`symmetric`). */
export type PixelRange = 'unit' | 'symmetric'

/** [-1,1] when a planned model's main output ends in tanh, else [0,1] (from the graph alone). */
export function planRange(report: ShapeReport, plan: ModelPlan): PixelRange {
  const { index } = report
  const last = plan.outputs.at(-1)
  const node = last === undefined ? undefined : index.nodes.get(last)
  if (!node) return 'unit'
  const upstream = (id: string) => index.incoming.get(`${id}:in`)?.source
  // Look through shape-only blocks (Reshape, Cropping) to the layer that sets the range.
  let current: string | undefined = node.id
  for (let hops = 0; current !== undefined && hops < 4; hops++) {
    const n = index.nodes.get(current)
    const act = n?.params['activation'] ?? (n?.kind === 'activation' ? n.params['fn'] : undefined)
    if (act === 'tanh') return 'symmetric'
    if (act !== undefined) return 'unit'
    current = upstream(current)
  }
  return 'unit'
}
