import type { z } from 'zod'
import type { RecipeSpec } from '../../common/recipeSpec'
import { autoencoderSpec } from './autoencoder/spec'
import { classifierSpec } from './classifier/spec'
import { diffusionSpec } from './diffusion/spec'
import { ganSpec } from './gan/spec'
import { vaeSpec } from './vae/spec'

const SPECS = {
  autoencoder: autoencoderSpec,
  vae: vaeSpec,
  gan: ganSpec,
  diffusion: diffusionSpec,
  classifier: classifierSpec,
}

/** A training recipe's name. */
export type Recipe = keyof typeof SPECS

/** Each recipe's settings schema. */
export type RecipeSettingsSchema<K extends Recipe> = (typeof SPECS)[K]['settings']

/** Each recipe's settings, as parsed. */
export type RecipeSettings<K extends Recipe> = z.output<RecipeSettingsSchema<K>>

/**
 * The recipes' shared parts, one per recipe, keyed by name (a spec named unlike its key does not
 * compile). Shared by the renderer and the engine: the document's training schema, validation and
 * the Keras exporter are built from it; the engine's part is `main/recipes/index.ts`.
 */
export const RECIPE_SPECS: {
  readonly [K in Recipe]: (typeof SPECS)[K] & RecipeSpec<K, RecipeSettingsSchema<K>>
} = SPECS

/** The recipe of a new document (the first of the table). */
export const DEFAULT_RECIPE: Recipe = 'autoencoder'

/** Every recipe, in the order the inspector lists them. */
export const RECIPES: readonly Recipe[] = Object.values(RECIPE_SPECS).map((s) => s.name)

/** The spec of a recipe named in a run record (a string), if it is one this version knows. */
export const recipeSpec = (name: string): (typeof RECIPE_SPECS)[Recipe] | undefined =>
  RECIPES.includes(name as Recipe) ? RECIPE_SPECS[name as Recipe] : undefined

/** Which phase a training's epochs set, when its recipe runs several (see RecipeSpec.epochsPhase). */
export const epochsPhase = <K extends Recipe>(training: {
  readonly recipe: K
  readonly settings: RecipeSettings<K>
}): string | null => RECIPE_SPECS[training.recipe].epochsPhase?.(training.settings) ?? null
