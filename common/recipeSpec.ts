import { z } from 'zod'
import { trainingCommon } from './graph/trainingCommon'
import type { NodeIssue } from './graph/graphIndex'
import type { ShapeReport } from './graph/inferShapes'
import type { ModelPlan } from './graph/partition'
import type { Role } from './graph/schema'
import { fmtShape, sameShape, type Shape } from './graph/shape'

/** What a recipe's own checks see: its settings and the document's sub-models, one per role. */
export interface RoleCheck<S> {
  readonly settings: S
  /** Every role the recipe needs is here (the generic check ran first). */
  readonly byRole: ReadonlyMap<Role, ModelPlan>
  readonly report: ShapeReport
}

/** What a recipe's Keras emitter is given besides its settings. */
export interface KerasContext {
  /** The name of the denoiser's time-step input (an int32 Input block), if the graph has one. */
  readonly timeInput: string | null
  /** The name of the denoiser's image input, if the graph has one. */
  readonly imageInput: string | null
  /** One example's image shape, as the models take it (without the batch dimension). */
  readonly imageShape: readonly number[]
  /** Whether the data are the chapter's 3-D points rather than images. */
  readonly points: boolean
}

/**
 * The part of a training recipe that the renderer shares with the engine: its settings, the groups
 * it trains and how they must fit, the data it needs, how its exported Keras script trains, and
 * what the latent explorer can do with its runs. Pure: no tfjs, Node or DOM. The engine's part (the
 * training phases) is `main/recipes/<name>/index.ts`.
 */
export interface RecipeSpec<N extends string = string, S extends z.ZodObject = z.ZodObject> {
  readonly name: N
  /** One line for the inspector's recipe picker. */
  readonly description: string
  /** The recipe's own settings, with their defaults and limits. */
  readonly settings: S
  /** The groups it trains, by role. */
  readonly roles: readonly Role[]
  /** Checks that the groups fit together, beyond each role being there. */
  checkRoles(check: RoleCheck<z.output<S>>): NodeIssue[]
  /** Which model's output sets the pixel range ([0,1] or [-1,1]), or always [-1,1]. */
  readonly range: { readonly role: Role } | 'symmetric'
  /** The model whose image input gives the image shape. */
  readonly imageRole: Role
  /** Whether training needs class labels. */
  readonly needsLabels: boolean
  /**
   * What the latent explorer can do with a trained run: which of the encoder's outputs are the
   * codings to interpolate between (a VAE's means are its first); null when it cannot explore.
   */
  readonly explorer: { readonly codings: 'first' | 'last' } | null
  /** The recipe's training in the exported Keras script: a `train(models, data, args, strategy)` function. */
  keras(settings: z.output<S>, context: KerasContext): string
  /**
   * What the chapter does with the trained models, in the exported Keras script: a
   * `use(models, data, out_dir)` function that generates, reconstructs or hashes as the book does
   * and writes the images as PNG (with the script's `save_grid`).
   */
  kerasUse(settings: z.output<S>, context: KerasContext): string
  /**
   * Which phase the document's epochs (and `--epochs`) set, when the recipe runs several (the
   * others take their epochs from a setting); null when it runs one.
   */
  epochsPhase?(settings: z.output<S>): string | null
}

/** A recipe's training configuration: the common settings, its name and its own settings. */
const trainingVariant = <N extends string, S extends z.ZodObject>(name: N, settings: S) =>
  z.object({
    recipe: z.literal(name),
    ...trainingCommon,
    // Every recipe setting has a default (each recipe's test parses `{}`), so `{}` is its input.
    settings: settings.prefault({} as z.input<S>),
  })

/** Declares a recipe's shared part, with the document's training schema for it. */
export const defineRecipeSpec = <N extends string, S extends z.ZodObject>(
  spec: RecipeSpec<N, S>,
) => ({ ...spec, training: trainingVariant(spec.name, spec.settings) })

/** The output shape of a planned model (its `i`-th output from the last). */
export const planOutput = (plan: ModelPlan, report: ShapeReport, i = 0): Shape | undefined => {
  const id = plan.outputs[plan.outputs.length - 1 - i]
  return id === undefined ? undefined : report.shapes.get(id)
}

/** The shape of a planned model's first input. */
export const planInput = (plan: ModelPlan, report: ShapeReport): Shape | undefined => {
  const first = plan.inputs[0]
  return first && report.shapes.get(first.nodeId)
}

/** An issue when two shapes differ (no issue while either is unknown). */
export function shapeMismatch(
  what: string,
  a: Shape | undefined,
  b: Shape | undefined,
): NodeIssue[] {
  return a && b && !sameShape(a, b)
    ? [{ nodeId: null, message: `${what}: ${fmtShape(a)} vs ${fmtShape(b)}` }]
    : []
}

/** An encoder and a decoder fit together: codings in, images out (autoencoders and VAEs). */
export function encoderDecoderFit(
  byRole: ReadonlyMap<Role, ModelPlan>,
  report: ShapeReport,
): NodeIssue[] {
  const enc = byRole.get('encoder')
  const dec = byRole.get('decoder')
  if (!enc || !dec) return []
  return [
    ...shapeMismatch(
      "the decoder's input must have the shape of the encoder's codings",
      planInput(dec, report),
      planOutput(enc, report),
    ),
    ...shapeMismatch(
      "the decoder's output must have the shape of the encoder's input",
      planOutput(dec, report),
      planInput(enc, report),
    ),
  ]
}
