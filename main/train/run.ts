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
import { classifierRecipe } from './recipes/classifier'
import { greedyPhases } from './recipes/greedy'
import { takeFirst } from '../data/dataset'

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

/** One loop run of a training: most recipes have one; the classifier may pretrain an autoencoder first. */
interface Phase {
  /** `train`; `pretrain` before a classifier; `layer-k` for greedy layer-wise phases. */
  readonly name: string
  readonly session: RecipeSession
  readonly epochs?: number
  /** The share of the training set this phase uses (the labelled fraction for a classifier). */
  readonly fraction: number
}

function makePhases(ctx: RecipeContext): Result<Phase[]> {
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
  const made = makePhases(ctx)
  if (!made.ok) return made
  const phases = made.value
  try {
    const inputShape = phases[0]?.session.inputShape ?? []
    const [h = 1, w = 1, c = 1] = inputShape.length === 2 ? [...inputShape, 1] : inputShape
    const dataset = await resolveDataset(doc.dataset, {
      imageShape: [h, w, c],
      ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    })
    if (!dataset.ok) return err(dataset.error)
    const { train } = dataset.value
    if (Math.min(train.count, opts.limit ?? Infinity) < 2)
      return err('training needs at least 2 examples (one is held out for validation)')
    if (!fitsImages(train, inputShape))
      return err(
        `the model's input [${inputShape.join(',')}] does not fit the dataset's ${train.height}×${train.width}×${train.channels} images`,
      )
    if (doc.training.recipe === 'classifier' && !train.labels)
      return err(
        'the classifier recipe needs labelled images (an MNIST-format folder, or one sub-folder per class)',
      )
    let result: LoopResult = { epochsCompleted: 0, metrics: {} }
    for (const [i, phase] of phases.entries()) {
      const all = opts.limit ? takeFirst(train, opts.limit) : train
      const used =
        phase.fraction < 1
          ? takeFirst(all, Math.max(2, Math.ceil(all.count * phase.fraction)))
          : all
      result = await runLoop(
        phase.session,
        { ...dataset.value, train: used },
        {
          epochs: phase.epochs ?? opts.epochs ?? doc.training.epochs,
          batchSize: opts.batchSize ?? doc.training.batchSize,
          validationSplit: doc.training.validationSplit,
          control: opts.control ?? new RunControl(),
          onEvent: opts.onEvent ?? (() => undefined),
          backend: backend.value.name,
          recipe: doc.training.recipe,
          phase: phase.name,
          final: i === phases.length - 1,
          ...(opts.previewEverySec !== undefined ? { previewEverySec: opts.previewEverySec } : {}),
        },
      )
      if (result.stopped) break
    }
    return ok({ result, compiled: compiled.value, backend: backend.value.name })
  } finally {
    for (const phase of phases) phase.session.dispose()
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
