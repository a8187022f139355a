import type { z } from 'zod'
import type { Result } from '../../common/graph/result'
import type { RecipeContext } from '../train/context'
import type { Phase } from '../train/recipe'
import type { Recipe, RecipeSettings, RECIPE_SPECS } from './specs'

/**
 * A training recipe as the engine runs it: its shared spec (settings, roles, checks, Keras emitter,
 * explorer support) and the loop runs (phases) a training is made of, each with its session (the
 * step, the evaluation, the previews).
 */
export interface RecipeDef<K extends Recipe> {
  readonly spec: (typeof RECIPE_SPECS)[K]
  phases(ctx: RecipeContext, settings: RecipeSettings<K>): Result<Phase[]>
}

/** Declares a recipe's engine part for its spec (the identity function, for the types). */
export const defineRecipe = <S extends (typeof RECIPE_SPECS)[Recipe]>(def: {
  readonly spec: S
  phases(ctx: RecipeContext, settings: z.output<S['settings']>): Result<Phase[]>
}) => def

/** A recipe with one phase, `train`, on the whole training set. */
export const onePhase = (session: Phase['session']): Phase[] => [
  { name: 'train', session, fraction: 1 },
]
