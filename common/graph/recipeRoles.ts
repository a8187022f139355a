import { RECIPE_SPECS, type Recipe, type RecipeSettings } from '../../main/recipes/specs'
import type { NodeIssue } from './graphIndex'
import type { ShapeReport } from './inferShapes'
import type { ModelPlan } from './partition'
import type { GraphDoc, Role } from './schema'

/** Checks that the document has the sub-models its training recipe needs, and that they fit together. */
export function checkRecipeRoles(
  doc: GraphDoc,
  plans: readonly ModelPlan[],
  report: ShapeReport,
): NodeIssue[] {
  const issues: NodeIssue[] = []
  const byRole = new Map<Role, ModelPlan>()
  for (const p of plans) {
    if (p.role !== 'model' && byRole.has(p.role))
      issues.push({
        nodeId: null,
        message: `two groups have the role ${p.role}; a document has at most one`,
      })
    byRole.set(p.role, p)
  }
  return [...issues, ...recipeChecks(doc.training, byRole, report)]
}

function recipeChecks<K extends Recipe>(
  training: { readonly recipe: K; readonly settings: RecipeSettings<K> },
  byRole: ReadonlyMap<Role, ModelPlan>,
  report: ShapeReport,
): NodeIssue[] {
  const spec = RECIPE_SPECS[training.recipe]
  const missing = spec.roles.filter((r) => !byRole.has(r))
  if (missing.length)
    return [
      {
        nodeId: null,
        message: `the ${spec.name} recipe needs ${missing.map((r) => `a group with the role ${r}`).join(' and ')}`,
      },
    ]
  return spec.checkRoles({ settings: training.settings, byRole, report })
}
