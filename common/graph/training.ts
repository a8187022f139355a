import { z } from 'zod'
import { RECIPE_SPECS, RECIPES, type Recipe } from '../../main/recipes/specs'

export { RECIPES, type Recipe }
export type { OptimizerConfig } from '../optimizers'

/** A recipe's training configuration schema. */
type TrainingVariant = (typeof RECIPE_SPECS)[Recipe]['training']

const [firstVariant, ...moreVariants]: TrainingVariant[] = Object.values(RECIPE_SPECS).map(
  (s) => s.training,
)
if (!firstVariant) throw new Error('no recipes')

/** Training configuration: the common settings and one recipe's own, built from the recipe table. */
export const trainingSchema = z.discriminatedUnion('recipe', [firstVariant, ...moreVariants])
export type TrainingConfig = z.output<typeof trainingSchema>
