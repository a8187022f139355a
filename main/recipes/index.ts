import type { Result } from '../../common/graph/result'
import type { RecipeContext } from '../train/context'
import type { Phase } from '../train/recipe'
import { autoencoderRecipe } from './autoencoder'
import { classifierRecipe } from './classifier'
import type { RecipeDef } from './defineRecipe'
import { diffusionRecipe } from './diffusion'
import { ganRecipe } from './gan'
import type { Recipe, RecipeSettings } from './specs'
import { vaeRecipe } from './vae'

/** Every recipe's engine part, keyed by name: a recipe missing here does not compile. */
export const RECIPE_DEFS: { readonly [K in Recipe]: RecipeDef<K> } = {
  autoencoder: autoencoderRecipe,
  vae: vaeRecipe,
  gan: ganRecipe,
  diffusion: diffusionRecipe,
  classifier: classifierRecipe,
}

/** The loop runs of a training configuration's recipe. */
export function recipePhases<K extends Recipe>(
  ctx: RecipeContext,
  training: { readonly recipe: K; readonly settings: RecipeSettings<K> },
): Result<Phase[]> {
  return RECIPE_DEFS[training.recipe].phases(ctx, training.settings)
}
