import type { NodeIssue } from './graphIndex'
import { inferShapes, type ShapeReport } from './inferShapes'
import { groupIssues } from './groups'
import { partitionModels, type ModelPlan } from './partition'
import { checkRecipeRoles } from './recipeRoles'
import type { GraphDoc } from './schema'
import type { Shape } from './shape'

export interface ValidationReport {
  readonly ok: boolean
  readonly errors: readonly NodeIssue[]
  /** Output shape of every node whose shape is known, by node id. */
  readonly shapes: Readonly<Record<string, Shape>>
  readonly models: readonly ModelPlan[]
  readonly report: ShapeReport
}

/** Everything that can be wrong with a parsed document: shapes, structure and the recipe's roles. */
export function validateGraph(doc: GraphDoc): ValidationReport {
  const report = inferShapes(doc)
  const { plans, issues } = partitionModels(doc, report)
  const errors = [...report.issues, ...groupIssues(doc), ...issues]
  errors.push(...checkRecipeRoles(doc, plans, report))
  return {
    ok: errors.length === 0,
    errors,
    shapes: Object.fromEntries(report.shapes),
    models: plans,
    report,
  }
}
