import { trainsInReplicas } from '../../common/backends'
import { availableParallelism, totalmem } from 'node:os'
import { estimateMemory, fmtBytes } from '../../common/memoryEstimate'
import type { ImageSet } from '../data/dataset'
import { replicasWarm } from './parallel/pool'
import { loadWeights } from '../runs/checkpoint'
import {
  loadMatchingWeights,
  restoreOptimizers,
  type InitReport,
  type ResumePoint,
} from '../runs/resume'
import { RECIPE_SPECS } from '../recipes/specs'
import { resolveDataset } from '../data/resolve'
import { initBackend, type BackendName } from '../tfjs/backend'
import { compileGraph, type CompiledGraph } from '../tfjs/compile'
import type { CheckpointState } from '../runs/checkpoint'
import { err, ok, type Result } from '../../common/graph/result'
import type { GraphDoc } from '../../common/graph/schema'
import { validateGraph } from '../../common/graph/validate'
import { fitsImages } from './batches'
import { RunControl } from './control'
import type { RunEstimate, TrainEvent } from '../../common/events'
import { runLoop, type LoopResult } from './loop'
import { phasesFor, type Phase } from './phases'
import { autoThreads, TrainingGroup } from './parallel/group'
import { floatsOf } from './parallel/weights'
import { workPerWeight } from './parallel/intensity'
import { takeFirst } from '../data/dataset'
import { loadPretrained } from '../runs/pretrained'
import { withSeed } from './random'

export interface TrainOptions {
  readonly backend?: BackendName | 'auto'
  /** Override the document's epochs and batch size. */
  readonly epochs?: number
  readonly batchSize?: number
  /** Train on at most this many examples. */
  readonly limit?: number
  /** An MNIST-format or image folder to use instead of the document's dataset. */
  readonly dataDir?: string
  /** Confines the document's dataset paths to these folders (an engine serving a renderer). */
  readonly datasetRoots?: readonly string[]
  readonly control?: RunControl
  readonly onEvent?: (e: TrainEvent) => void
  /**
   * Called at every epoch's end with the graph being trained and the state a checkpoint needs
   * besides its weights (checkpoints are taken here).
   */
  readonly onEpochEnd?: (compiled: CompiledGraph, state: CheckpointState) => void | Promise<void>
  readonly previewEverySec?: number
  /** The share of the run's time previews may take (default 5%; 1 shows every frame). */
  readonly previewBudget?: number
  /**
   * Whether generative runs measure their FID at each epoch's end (default true). It samples as
   * many images as a preview grid several times over: off, a diffusion epoch on a few batches
   * ends seconds sooner.
   */
  readonly fid?: boolean
  /**
   * Threads that train together, each on a share of every batch (data-parallel, averaged
   * gradients); `auto` (the default) uses one per core on the wasm and cpu backends.
   */
  readonly threads?: number | 'auto'
  /**
   * Estimate instead of training: time this many steps of each phase (see runLoop) and answer
   * `estimate`; the models are left part-trained, to be thrown away.
   */
  readonly estimateSteps?: number
  /**
   * Continue a run: its checkpoint's weights and optimizers' state, its phase, epochs numbered on
   * from its last; `epochs` more in that phase (later phases run as the document says).
   */
  readonly resume?: ResumePoint
  /**
   * Start from a past run's weights (its checkpoint folder, and the run's id for the notice):
   * each layer takes those of the layer of its name where every shape matches.
   */
  readonly initFrom?: { readonly dir: string; readonly runId: string }
  /**
   * The memory a run may take, in bytes (default: half the machine's): a run whose estimate
   * (see estimateMemory) is larger is refused before it starts, saying what to lower.
   */
  readonly memoryBudget?: number
}

export interface TrainOutcome {
  readonly result: LoopResult
  readonly compiled: CompiledGraph
  readonly backend: string
  /** Data-parallel training, if it ran: threads at the end, and the epoch-end weight checks. */
  readonly parallel: {
    readonly threads: number
    readonly checksPassed: number
    readonly divergences: number
    /** Tensors alive in each replica at each epoch-end check. */
    readonly replicaTensors: readonly (readonly number[])[]
  } | null
  /** With `estimateSteps`: how long the run would take. */
  readonly estimate?: RunEstimate
  /** The run's estimated peak memory, in bytes (see estimateMemory). */
  readonly memoryBytes: number
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
  return withSeed(doc.training.seed, () => train(doc, opts))
}

/** `trainDocument`, with `Math.random` already seeded when the document sets `training.seed`. */
async function train(doc: GraphDoc, opts: TrainOptions): Promise<Result<TrainOutcome>> {
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
  // An estimate times steps on a quiet machine: training threads still booting after the last run
  // would share the cores with the steps it times.
  if (opts.estimateSteps !== undefined && trainsInReplicas(backend.value.name))
    await replicasWarm(backend.value.name)
  const compiled = compileGraph(doc)
  if (!compiled.ok) return err(compiled.error.map((e) => e.message).join('\n'))
  const onEvent = opts.onEvent ?? (() => undefined)
  const start = doc.training.initialWeights
  if (start) {
    const loaded = await loadPretrained(start, compiled.value)
    if (!loaded.ok) return loaded
    onEvent({ type: 'notice', message: `starting from pretrained weights: ${loaded.value}` })
  }
  const resume = opts.resume
  if (resume) {
    const loaded = await loadWeights(compiled.value, resume.dir)
    if (!loaded.ok) return loaded
  }
  if (opts.initFrom) {
    const taken = await loadMatchingWeights(compiled.value, opts.initFrom.dir)
    if (!taken.ok) return taken
    onEvent({ type: 'notice', message: describeInit(opts.initFrom.runId, taken.value) })
  }
  const made = phasesFor(doc, compiled.value, report.report)
  if (!made.ok) return made
  const phases = made.value
  if (resume && !phases[resume.phase])
    return err(
      `the run's checkpoint is of phase ${String(resume.phase + 1)}, which this recipe does not have`,
    )
  const group = startGroup(doc, backend.value.name, phases, compiled.value, opts, onEvent)
  try {
    const inputShape = phases[0]?.session.inputShape ?? []
    const [h = 1, w = 1, c = 1] = inputShape.length === 2 ? [...inputShape, 1] : inputShape
    const dataset = await resolveDataset(doc.dataset, {
      imageShape: [h, w, c],
      ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
      ...(opts.datasetRoots ? { roots: opts.datasetRoots } : {}),
    })
    if (!dataset.ok) return err(dataset.error)
    const { train } = dataset.value
    if (Math.min(train.count, opts.limit ?? Infinity) < 2)
      return err('training needs at least 2 examples (one is held out for validation)')
    if (!fitsImages(train, inputShape))
      return err(
        `the model's input [${inputShape.join(',')}] does not fit the dataset's ${train.height}×${train.width}×${train.channels} images`,
      )
    if (RECIPE_SPECS[doc.training.recipe].needsLabels && !train.labels)
      return err(
        `the ${doc.training.recipe} recipe needs labelled images (an MNIST-format folder, or one sub-folder per class)`,
      )
    const batchSize = opts.batchSize ?? doc.training.batchSize
    const threads = group?.parties ?? 1
    const memory = estimateMemory({
      report: report.report,
      batchSize,
      threads,
      optimizer: doc.training.optimizer.kind,
      datasetBytes: datasetBytes(dataset.value),
    })
    const budget = opts.memoryBudget ?? totalmem() / 2
    if (memory.bytes > budget)
      return err(
        `this run would need about ${fmtBytes(memory.bytes)} of memory (activations of a batch of ${String(batchSize)}: ${fmtBytes(memory.parts.activations)}; weights, gradients and optimizer state in ${String(threads)} thread(s): ${fmtBytes(memory.parts.weights)}; the runtime: ${fmtBytes(memory.parts.runtime)}), over the memory budget of ${fmtBytes(budget)}${opts.memoryBudget === undefined ? ' (half of this machine’s memory)' : ''}: lower the batch size, the training threads or the layers’ sizes, or raise the budget (--memory-budget)`,
      )
    // Replicas start with the leader's weights and fresh optimizers, so they must be there from the
    // first step: a late one would apply the same gradients through different optimizer state.
    if (group) await group.ready()
    let result: LoopResult = { epochsCompleted: 0, metrics: {} }
    const timed: RunEstimate['phases'][number][] = []
    for (const [i, phase] of phases.entries()) {
      // A continued run picks up in its checkpoint's phase, with that phase's optimizers' state.
      if (resume && i < resume.phase) continue
      const resumed = resume?.phase === i ? resume : undefined
      if (resumed) {
        const restored = await restoreOptimizers(phase.session, compiled.value, resumed.optimizers)
        if (!restored.ok) return restored
      }
      group?.beginPhase(i)
      const all = opts.limit ? takeFirst(train, opts.limit) : train
      result = await runLoop(
        phase.session,
        { ...dataset.value, train: all },
        {
          trainFraction: phase.fraction,
          epochs: resumed
            ? (opts.epochs ?? phase.epochs ?? doc.training.epochs)
            : (phase.epochs ?? opts.epochs ?? doc.training.epochs),
          ...(resumed ? { resumeAt: { epoch: resumed.epoch, step: resumed.step } } : {}),
          epochsSetBy: phase.epochsSetting
            ? `settings.${phase.epochsSetting}`
            : opts.epochs !== undefined
              ? '--epochs'
              : 'epochs',
          batchSize: opts.batchSize ?? doc.training.batchSize,
          validationSplit: doc.training.validationSplit,
          control: opts.control ?? new RunControl(),
          onEvent,
          onEpochEnd: async (state) => {
            await opts.onEpochEnd?.(compiled.value, {
              ...state,
              phase: { index: i, name: phase.name },
              seed: doc.training.seed ?? null,
            })
          },
          backend: backend.value.name,
          recipe: doc.training.recipe,
          phase: phase.name,
          final: i === phases.length - 1,
          ...(opts.previewEverySec !== undefined ? { previewEverySec: opts.previewEverySec } : {}),
          ...(opts.previewBudget !== undefined ? { previewBudget: opts.previewBudget } : {}),
          ...(opts.fid !== undefined ? { fid: opts.fid } : {}),
          ...(group ? { group } : {}),
          ...(opts.estimateSteps !== undefined ? { estimateSteps: opts.estimateSteps } : {}),
        },
      )
      if (result.estimate)
        timed.push({
          name: phase.name,
          epochs: phase.epochs ?? opts.epochs ?? doc.training.epochs,
          secondsPerEpoch: result.estimate.secondsPerEpoch,
          firstEpochSeconds: result.estimate.firstEpochSeconds,
        })
      if (result.stopped) break
    }
    const parallel = group
      ? {
          threads: group.threads,
          checksPassed: group.checksPassed,
          divergences: group.divergences,
          replicaTensors: group.replicaTensors,
        }
      : null
    const estimate: RunEstimate | undefined = timed.length
      ? {
          secondsPerEpoch: timed.at(-1)?.secondsPerEpoch ?? 0,
          firstEpochSeconds: timed[0]?.firstEpochSeconds ?? 0,
          totalSeconds: timed.reduce(
            (s, p) => s + p.firstEpochSeconds + (p.epochs - 1) * p.secondsPerEpoch,
            0,
          ),
          backend: backend.value.name,
          threads: group?.threads ?? 1,
          memoryBytes: memory.bytes,
          phases: timed,
        }
      : undefined
    return ok({
      result,
      compiled: compiled.value,
      backend: backend.value.name,
      parallel,
      memoryBytes: memory.bytes,
      ...(estimate ? { estimate } : {}),
    })
  } finally {
    await group?.close()
    for (const phase of phases) phase.session.dispose()
  }
}

/** Bytes a dataset holds in memory: its pixels (or values) and labels, every split. */
function datasetBytes(d: { readonly train: ImageSet; readonly test?: ImageSet | null }): number {
  const one = (set: ImageSet | null | undefined) =>
    set ? set.pixels.byteLength + (set.values?.byteLength ?? 0) + (set.labels?.byteLength ?? 0) : 0
  return one(d.train) + one(d.test)
}

/** What a run started from a past run's weights took, in one line. */
function describeInit(runId: string, r: InitReport): string {
  const list = (names: readonly string[]) =>
    names.length > 6
      ? `${names.slice(0, 6).join(', ')} and ${String(names.length - 6)} more`
      : names.join(', ')
  const fresh = r.fresh.map((f) => `${f.layer} (${f.why})`)
  return `starting from run ${runId}: ${String(r.taken.length)} layer(s) took its weights${r.taken.length ? ` (${list(r.taken)})` : ''}; ${String(r.fresh.length)} left new${fresh.length ? ` (${list(fresh)})` : ''}`
}

/** Replica threads for data-parallel training, or null for one thread. */
function startGroup(
  doc: GraphDoc,
  backend: string,
  phases: readonly Phase[],
  compiled: CompiledGraph,
  opts: TrainOptions,
  onEvent: (e: TrainEvent) => void,
): TrainingGroup | null {
  const batchSize = opts.batchSize ?? doc.training.batchSize
  const asked = opts.threads ?? 'auto'
  const work = workPerWeight(compiled.models.map((m) => m.model))
  // Never more threads than cores: each holds a copy of the models and its share of the batch,
  // and more of them than cores only wait on each other.
  const cores = availableParallelism()
  if (asked !== 'auto' && asked > cores)
    onEvent({
      type: 'notice',
      message: `${String(asked)} training threads asked for, and this machine has ${String(cores)} cores: training in ${String(cores)}`,
    })
  const threads = asked === 'auto' ? autoThreads(backend, batchSize, work) : Math.min(asked, cores)
  if (threads < 2 || !trainsInReplicas(backend)) return null
  const perExample = (phases[0]?.session.inputShape ?? []).reduce((a, b) => a * b, 1)
  const weights = Math.max(...phases.map((p) => floatsOf(p.session.variables)))
  const capacity = Math.max(weights + 1, batchSize * (perExample + 1))
  const resume = opts.resume
    ? { phase: opts.resume.phase, optimizers: opts.resume.optimizers }
    : undefined
  return new TrainingGroup(
    { doc, backend, ...(resume ? { resume } : {}) },
    threads,
    capacity,
    (message) => {
      onEvent({ type: 'notice', message })
    },
  )
}
