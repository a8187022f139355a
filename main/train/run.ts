import { resolveDataset } from '../data/resolve'
import { initBackend, type BackendName } from '../engine/backend'
import { compileGraph, type CompiledGraph } from '../engine/compile'
import type { DocError } from '../graph/docError'
import { parseDocument } from '../graph/parse'
import { err, ok, type Result } from '../graph/result'
import type { GraphDoc } from '../graph/schema'
import { validateGraph } from '../graph/validate'
import { fitsImages } from './batches'
import type { RecipeContext } from './context'
import { RunControl } from './control'
import type { TrainEvent } from './events'
import { runLoop, type LoopResult } from './loop'
import { makeOptimizer } from './optimizers'
import type { RecipeSession } from './recipe'
import { autoencoderRecipe } from './recipes/autoencoder'
import { ganRecipe } from './recipes/gan'
import { vaeRecipe } from './recipes/vae'
import { diffusionRecipe } from './recipes/diffusion'

export interface TrainOptions {
  readonly backend?: BackendName | 'auto'
  /** Override the document's epochs and batch size. */
  readonly epochs?: number
  readonly batchSize?: number
  /** Train on at most this many examples. */
  readonly limit?: number
  /** An MNIST-format or image folder to use instead of the document's dataset. */
  readonly dataDir?: string
  readonly control?: RunControl
  readonly onEvent?: (e: TrainEvent) => void
  readonly previewEverySec?: number
}

export interface TrainOutcome {
  readonly result: LoopResult
  readonly compiled: CompiledGraph
  readonly backend: string
}

function makeSession(ctx: RecipeContext): RecipeSession {
  const training = ctx.doc.training
  switch (training.recipe) {
    case 'autoencoder':
      return autoencoderRecipe(ctx, training.settings)
    case 'vae':
      return vaeRecipe(ctx, training.settings)
    case 'gan':
      return ganRecipe(ctx, training.settings)
    case 'diffusion':
      return diffusionRecipe(ctx, training.settings)
    case 'classifier':
      throw new RecipeUnavailable('the classifier (pretraining) recipe is not implemented yet')
  }
}

/** A recipe this build cannot run: reported to the user as a message. */
class RecipeUnavailable extends Error {}

/**
 * Trains a document end to end: validate, pick the backend, compile, load the dataset, run the
 * recipe's loop. Every user-facing failure is an error value with a message; the trained models are
 * in `compiled` for saving.
 */
export async function trainDocument(
  doc: GraphDoc,
  opts: TrainOptions = {},
): Promise<Result<TrainOutcome>> {
  const report = validateGraph(doc)
  if (!report.ok)
    return err(
      `the graph is invalid:\n${report.errors.map((e) => `  ${e.nodeId ? `${e.nodeId}: ` : ''}${e.message}`).join('\n')}`,
    )
  const backend = await initBackend(opts.backend ?? 'auto')
  if (!backend.ok)
    return err(
      `no engine backend could start: ${backend.error.map((a) => `${a.name}: ${a.reason ?? ''}`).join('; ')}`,
    )
  const compiled = compileGraph(doc)
  if (!compiled.ok) return err(compiled.error.map((e) => e.message).join('\n'))
  const ctx: RecipeContext = {
    doc,
    compiled: compiled.value,
    report: report.report,
    makeOptimizer: () => makeOptimizer(doc.training.optimizer, doc.training.learningRate),
  }
  let session: RecipeSession
  try {
    session = makeSession(ctx)
  } catch (e) {
    if (e instanceof RecipeUnavailable) return err(e.message)
    throw e
  }
  try {
    const [h = 1, w = 1, c = 1] =
      session.inputShape.length === 2 ? [...session.inputShape, 1] : session.inputShape
    const dataset = await resolveDataset(doc.dataset, {
      imageShape: [h, w, c],
      ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    })
    if (!dataset.ok) return err(dataset.error)
    const { train } = dataset.value
    if (Math.min(train.count, opts.limit ?? Infinity) < 2)
      return err('training needs at least 2 examples (one is held out for validation)')
    if (!fitsImages(train, session.inputShape))
      return err(
        `the model's input [${session.inputShape.join(',')}] does not fit the dataset's ${train.height}×${train.width}×${train.channels} images`,
      )
    const result = await runLoop(session, dataset.value, {
      epochs: opts.epochs ?? doc.training.epochs,
      batchSize: opts.batchSize ?? doc.training.batchSize,
      validationSplit: doc.training.validationSplit,
      ...(opts.limit ? { limit: opts.limit } : {}),
      control: opts.control ?? new RunControl(),
      onEvent: opts.onEvent ?? (() => undefined),
      backend: backend.value.name,
      recipe: doc.training.recipe,
      ...(opts.previewEverySec !== undefined ? { previewEverySec: opts.previewEverySec } : {}),
    })
    return ok({ result, compiled: compiled.value, backend: backend.value.name })
  } finally {
    session.dispose()
  }
}

/** The document with its quick CPU preset applied (epochs and recipe settings), re-checked by the schema. */
export function applyQuickPreset(doc: GraphDoc): Result<GraphDoc, DocError[]> {
  const quick = doc.meta.quick
  if (!quick) return ok(doc)
  const training = {
    ...doc.training,
    ...(quick.epochs ? { epochs: quick.epochs } : {}),
    settings: { ...doc.training.settings, ...quick.settings },
  }
  return parseDocument({ ...doc, training })
}
