import type { ShapeReport } from '../../common/graph/inferShapes'
import type { Role } from '../../common/graph/schema'
import type { Shape } from '../../common/graph/shape'
import type { CompiledGraph, CompiledModel } from './compile'

export interface LayerRow {
  readonly name: string
  /** Block label, e.g. "Dense". */
  readonly kind: string
  readonly outputShape: Shape
  readonly params: number
  /** Set when the row reuses another node's layer (shared weights counted there). */
  readonly sharedWith?: string
}

export interface ModelSummary {
  readonly name: string
  readonly role: Role
  readonly totalParams: number
  readonly trainableParams: number
  readonly nonTrainableParams: number
  readonly inputs: readonly Shape[]
  readonly outputs: readonly Shape[]
  readonly layers: readonly LayerRow[]
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1)

/** Keras-like summary of one compiled model: layers in order with output shapes and weight counts. */
export function summarizeModel(
  compiled: CompiledModel,
  graph: CompiledGraph,
  report: ShapeReport,
): ModelSummary {
  const { plan, model } = compiled
  // Inputs that come from another group show as input rows, as Keras shows an InputLayer.
  const boundary: LayerRow[] = plan.inputs
    .filter((i) => i.boundary)
    .map((i) => ({
      name: i.nodeId,
      kind: 'Input',
      outputShape: report.shapes.get(i.nodeId) ?? [],
      params: 0,
    }))
  const layers: LayerRow[] = [
    ...boundary,
    ...plan.nodes.map((id) => {
      const node = report.index.nodes.get(id)
      const shape = report.shapes.get(id) ?? []
      const kind = (node && report.index.blockOf(node)?.label) ?? node?.kind ?? '?'
      if (node?.share !== undefined)
        return { name: id, kind, outputShape: shape, params: 0, sharedWith: node.share }
      return {
        name: id,
        kind,
        outputShape: shape,
        params: graph.layers.get(id)?.countParams() ?? 0,
      }
    }),
  ]
  const trainableParams = model.trainableWeights.reduce(
    (n, w) => n + size(w.shape.map((d) => d ?? 0)),
    0,
  )
  const totalParams = model.countParams()
  return {
    name: plan.name,
    role: plan.role,
    totalParams,
    trainableParams,
    nonTrainableParams: totalParams - trainableParams,
    inputs: plan.inputs.map((i) => report.shapes.get(i.nodeId) ?? []),
    outputs: plan.outputs.map((id) => report.shapes.get(id) ?? []),
    layers,
  }
}
