import { ok, type Result } from '../graph/result'
import type { CompiledGraph } from '../engine/compile'
import type { ShapeReport } from '../graph/inferShapes'
import type { GraphDoc } from '../graph/schema'
import type { RecipeContext } from './context'
import { makeOptimizer } from './optimizers'
import type { RecipeSession } from './recipe'
import { autoencoderRecipe } from './recipes/autoencoder'
import { classifierRecipe } from './recipes/classifier'
import { diffusionRecipe } from './recipes/diffusion'
import { ganRecipe } from './recipes/gan'
import { greedyPhases } from './recipes/greedy'
import { vaeRecipe } from './recipes/vae'

/** One loop run of a training: most recipes have one; the classifier may pretrain an autoencoder first. */
export interface Phase {
  /** `train`; `pretrain` before a classifier; `layer-k` for greedy layer-wise phases. */
  readonly name: string
  readonly session: RecipeSession
  readonly epochs?: number
  /** The share of the training set this phase uses (the labelled fraction for a classifier). */
  readonly fraction: number
}

/** The loop runs a training is made of, each with its recipe session, in order. */
export function makePhases(ctx: RecipeContext): Result<Phase[]> {
  const training = ctx.doc.training
  switch (training.recipe) {
    case 'autoencoder': {
      if (!training.settings.greedyLayerwise)
        return ok([
          { name: 'train', session: autoencoderRecipe(ctx, training.settings), fraction: 1 },
        ])
      const layers = greedyPhases(ctx, training.settings)
      return layers.ok
        ? ok(layers.value.map((session, k) => ({ name: `layer-${k + 1}`, session, fraction: 1 })))
        : layers
    }
    case 'vae':
      return ok([{ name: 'train', session: vaeRecipe(ctx, training.settings), fraction: 1 }])
    case 'gan':
      return ok([{ name: 'train', session: ganRecipe(ctx, training.settings), fraction: 1 }])
    case 'diffusion':
      return ok([{ name: 'train', session: diffusionRecipe(ctx, training.settings), fraction: 1 }])
    case 'classifier': {
      const s = training.settings
      const roles = new Set(ctx.compiled.models.map((m) => m.plan.role))
      const pretrain: Phase[] =
        s.pretrainEpochs > 0 && roles.has('encoder') && roles.has('decoder')
          ? [
              {
                name: 'pretrain',
                session: autoencoderRecipe(ctx, {
                  loss: 'mse',
                  denoising: { kind: 'none', stddev: 0, rate: 0 },
                  greedyLayerwise: false,
                }),
                epochs: s.pretrainEpochs,
                fraction: 1,
              },
            ]
          : []
      return ok([
        ...pretrain,
        { name: 'train', session: classifierRecipe(ctx, s), fraction: s.labelledFraction },
      ])
    }
  }
}

/** The phases of a compiled document (the leader and every training thread build them alike). */
export function phasesFor(
  doc: GraphDoc,
  compiled: CompiledGraph,
  report: ShapeReport,
): Result<Phase[]> {
  return makePhases({
    doc,
    compiled,
    report,
    makeOptimizer: () => makeOptimizer(doc.training.optimizer, doc.training.learningRate),
  })
}
