import { inputSources } from '../common/graph/graphIndex'
import { inferShapes } from '../common/graph/inferShapes'
import { partitionModels } from '../common/graph/partition'
import type { GraphDoc } from '../common/graph/schema'

/**
 * The document resolved for the PyTorch reference (bench/torch/reference.py): each model's nodes
 * in order with their full params, input sources and NHWC shapes, and the training settings.
 */
export function torchSpec(doc: GraphDoc): unknown {
  const report = inferShapes(doc)
  const { plans } = partitionModels(doc, report)
  const { index } = report
  return {
    recipe: doc.training.recipe,
    settings: doc.training.settings,
    optimizer: doc.training.optimizer,
    learningRate: doc.training.learningRate,
    batchSize: doc.training.batchSize,
    models: plans.map((plan) => ({
      id: plan.id,
      role: plan.role,
      inputs: plan.inputs.map((i) => ({ id: i.nodeId, shape: report.shapes.get(i.nodeId) })),
      nodes: plan.nodes.flatMap((id) => {
        const node = index.nodes.get(id)
        if (!node || node.kind === 'input') return []
        return [
          {
            id,
            kind: node.kind,
            params: index.paramsOf(node),
            sources: inputSources(index, node),
            inShapes: report.inputShapes.get(id) ?? [],
            outShape: report.shapes.get(id),
          },
        ]
      }),
      outputs: plan.outputs,
    })),
  }
}
