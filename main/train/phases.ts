import type { CompiledGraph } from '../tfjs/compile'
import type { ShapeReport } from '../../common/graph/inferShapes'
import type { Result } from '../../common/graph/result'
import type { GraphDoc } from '../../common/graph/schema'
import { recipePhases } from '../recipes'
import { makeOptimizer } from './optimizers'
import type { Phase } from './recipe'

export type { Phase }

/** The phases of a compiled document (the leader and every training thread build them alike). */
export function phasesFor(
  doc: GraphDoc,
  compiled: CompiledGraph,
  report: ShapeReport,
): Result<Phase[]> {
  const ctx = {
    doc,
    compiled,
    report,
    makeOptimizer: (learningRate?: number) =>
      makeOptimizer(doc.training.optimizer, learningRate ?? doc.training.learningRate),
  }
  return recipePhases(ctx, doc.training)
}
