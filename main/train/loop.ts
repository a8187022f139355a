import * as tf from '@tensorflow/tfjs'
import { takeBackendFault, type BackendName } from '../tfjs/backend'
import { splitValidation, takeFirst, type Dataset, type ImageSet } from '../data/dataset'
import { imageBatch, labelBatch, permutation } from './batches'
import type { RunControl } from './control'
import type { Metrics, PreviewFrame, TrainEvent } from '../../common/events'
import type { TrainingGroup } from './parallel/group'
import { PREVIEW_BUDGET, PreviewBudget } from './previewBudget'
import { epochFid } from '../metrics/epochFid'
import { aside } from './random'
import type { RecipeSession, StepData, StepMetrics } from './recipe'

export interface LoopOptions {
  readonly epochs: number
  readonly batchSize: number
  readonly validationSplit: number
  /** Train on at most this many examples (quick runs, tests). */
  readonly limit?: number
  readonly control: RunControl
  readonly onEvent: (e: TrainEvent) => void
  readonly backend: BackendName
  readonly recipe: string
  /** Name of this phase of the run (`train`, or `pretrain` before a classifier). */
  readonly phase?: string
  /** The share of the training examples (after validation is split off) this loop trains on. */
  readonly trainFraction?: number
  /** What sets `epochs`, for the start event (the document's `epochs` by default). */
  readonly epochsSetBy?: string
  /** False for a phase that another follows: its end is not the run's `done`. */
  readonly final?: boolean
  /**
   * Seconds between preview frames. One also comes after the first batch and at each epoch end;
   * all but the first and the last epoch's are skipped while previews would exceed PREVIEW_BUDGET
   * of the run's time, counting a reserve for the last epoch's (see PreviewBudget).
   */
  readonly previewEverySec?: number
  /** The share of the run's time previews may take; PREVIEW_BUDGET by default, 1 for no limit. */
  readonly previewBudget?: number
  /** Seconds between batch events. */
  readonly batchEventEverySec?: number
  /** Whether a generative run measures its FID at each epoch's end (default true). */
  readonly fid?: boolean
  /** Replica threads that share each batch (data-parallel), if any. */
  readonly group?: TrainingGroup
  /**
   * Continuing a run: the epochs (and steps) its phase had done. Epochs are numbered on from
   * there, `epochs` more of them; the session's weights and optimizers hold where it stopped.
   */
  readonly resumeAt?: { readonly epoch: number; readonly step: number }
  /**
   * Called at every epoch's end, right after its `epoch` event, with what a checkpoint needs
   * besides the weights (the optimizers' state copied at that moment, the position, the previews'
   * time so far).
   */
  readonly onEpochEnd?: (state: EpochState) => void | Promise<void>
  /**
   * Time this many steps (after one to warm up), a validation pass and the FID instead of
   * training: the loop answers how long an epoch takes and leaves the weights changed (the caller
   * throws the session away).
   */
  readonly estimateSteps?: number
}

/** A tensor's values copied out of the engine. */
export interface SavedTensor {
  readonly name: string
  readonly shape: readonly number[]
  readonly data: Float32Array
}

/** The training state at an epoch's end, beyond the layers' weights. */
export interface EpochState {
  readonly epoch: number
  /** Steps taken in this phase. */
  readonly step: number
  /** Each optimizer's `getWeights`, in the session's order. */
  readonly optimizers: readonly (readonly SavedTensor[])[]
  /** Milliseconds previews have taken in this phase. */
  readonly previewMs: number
}

/** Copies each optimizer's state (getWeights); the copies are plain floats, the tensors it made are freed. */
async function optimizerState(optimizers: readonly tf.Optimizer[]): Promise<SavedTensor[][]> {
  const out: SavedTensor[][] = []
  for (const opt of optimizers) {
    const named = await opt.getWeights()
    out.push(
      await Promise.all(
        named.map(async ({ name, tensor }) => {
          const saved = { name, shape: tensor.shape, data: Float32Array.from(await tensor.data()) }
          // getWeights makes fresh scalars (the iteration count); the moments are live variables.
          if (!(tensor instanceof tf.Variable)) tensor.dispose()
          return saved
        }),
      ),
    )
  }
  return out
}

export interface LoopResult {
  readonly epochsCompleted: number
  readonly metrics: Metrics
  readonly stopped?: 'user' | 'nan' | 'error'
  /** With `estimateSteps`: the seconds an epoch of this phase takes, and its batches. */
  readonly estimate?: {
    readonly secondsPerEpoch: number
    readonly firstEpochSeconds: number
    readonly stepsPerEpoch: number
  }
}

const MAX_EVAL_BATCHES = 8
/** An estimate's warm-up and timed spans of steps (see timeEpoch), in milliseconds. */
const WARM_MS = 1500
const TIMED_MS = 1000

function makeStep(set: ImageSet, idx: ArrayLike<number>, session: RecipeSession): StepData {
  return {
    x: imageBatch(set, idx, session.inputShape, session.range),
    labels: set.labels ? labelBatch(set, idx) : null,
    ...(set.labels && set.classNames.length ? { classNames: set.classNames } : {}),
  }
}

/**
 * Reads and disposes a step's scalars, in one read (on a GPU backend: one wait for the device,
 * whose reads are asynchronous only).
 */
async function read(metrics: StepMetrics): Promise<Record<string, number>> {
  const entries = Object.entries(metrics)
  if (entries.length === 0) return {}
  const all = tf.tidy(() => tf.stack(entries.map(([, v]) => tf.cast(v, 'float32'))))
  tf.dispose(entries.map(([, v]) => v))
  try {
    const values = await all.data()
    return Object.fromEntries(entries.map(([k], i) => [k, values[i] ?? NaN]))
  } finally {
    all.dispose()
  }
}

/** The same at once, for the replica groups of the CPU backends (whose reads are synchronous). */
function readNow(metrics: StepMetrics): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [k, v] of Object.entries(metrics)) {
    out[k] = v.dataSync()[0] ?? NaN
    v.dispose()
  }
  return out
}

/** Copies of every variable, kept outside tidy scopes: the last good weights. */
function snapshot(vars: readonly tf.Variable[]): tf.Tensor[] {
  return vars.map((v) => tf.keep(tf.clone(v)))
}
function restore(vars: readonly tf.Variable[], snap: readonly tf.Tensor[]): void {
  vars.forEach((v, i) => {
    const s = snap[i]
    if (s) v.assign(s)
  })
}

/**
 * The loop every recipe shares: shuffled batches, metrics and ETA, previews on a timer, validation
 * at each epoch end, pause/resume/stop between batches, and a last-good snapshot that a stop or a
 * NaN loss rolls back to.
 */
export async function runLoop(
  session: RecipeSession,
  dataset: Dataset,
  opts: LoopOptions,
): Promise<LoopResult> {
  const all = opts.limit ? takeFirst(dataset.train, opts.limit) : dataset.train
  // Validation comes from the whole set, so a phase on a fraction (a classifier's labelled
  // examples) is still judged on as many held-out examples as the others.
  const split = splitValidation(all, opts.validationSplit)
  const fraction = opts.trainFraction ?? 1
  const train =
    fraction < 1
      ? takeFirst(split.train, Math.max(1, Math.ceil(split.train.count * fraction)))
      : split.train
  const valid = split.valid
  const stepsPerEpoch = Math.ceil(train.count / opts.batchSize)
  const previewEvery = (opts.previewEverySec ?? 5) * 1000
  const batchEvery = (opts.batchEventEverySec ?? 0.25) * 1000
  // A fixed validation batch for previews: grids show its first images, latent maps all of them.
  // A table of points is small and has no images to hold out: previews show every point.
  const shown = all.values ? all : valid
  const sampleIdx = Array.from({ length: Math.min(256, shown.count) }, (_, i) => i)
  const sample = makeStep(shown, sampleIdx, session)
  const fid =
    opts.fid === false
      ? null
      : await epochFid(session, { train, test: dataset.test }, (message) => {
          opts.onEvent({ type: 'notice', message })
        })
  const stepTensors = (part: ArrayLike<number>) =>
    tf.tidy(() => session.trainStep(makeStep(train, part, session)))
  const stepOn = async (idx: Int32Array): Promise<Record<string, number>> => {
    const values = opts.group
      ? opts.group.step(
          { set: train, indices: idx, range: session.range },
          session.variables,
          (part) => readNow(stepTensors(part)),
        )
      : await read(stepTensors(idx))
    // A GPU's failed command throws nothing (its results are zeros): what it reported fails the
    // step (an error at an epoch's end, in validation or previews, fails the next one).
    const fault = takeBackendFault(opts.backend)
    if (fault !== null) throw new Error(fault)
    return values
  }
  // A fault reported before this loop (during an earlier run's last previews) is not this loop's.
  takeBackendFault(opts.backend)
  if (opts.estimateSteps !== undefined) {
    try {
      return { epochsCompleted: 0, metrics: {}, estimate: await timeEpoch() }
    } finally {
      fid?.dispose()
      tf.dispose([sample.x, ...(sample.labels ? [sample.labels] : [])])
    }
  }
  /**
   * An epoch's time from a few timed steps, one validation pass and one FID measure, each after a
   * first untimed one (kernels compile, optimizer slots are made, the FID's features load), with
   * the previews' share of the run on top. The first epoch takes longer by the previews a run
   * makes as it starts and by what the first validation and FID cost over the later ones: a run's
   * new models pay that again.
   */
  async function timeEpoch(): Promise<{
    secondsPerEpoch: number
    firstEpochSeconds: number
    stepsPerEpoch: number
  }> {
    const order = permutation(train.count)
    const batch = (k: number) => {
      const from = (k % stepsPerEpoch) * opts.batchSize
      return order.subarray(from, Math.min(from + opts.batchSize, train.count))
    }
    const epochEnd = async () => {
      await evaluate(session, valid, opts.batchSize)
      await fid?.measure()
    }
    // A fresh process runs its first steps several times slower (V8 optimises the engine's code
    // as it goes): steps warm up for WARM_MS (two at least), then are timed for TIMED_MS.
    let k = 0
    const w0 = performance.now()
    while (k < 2 || (performance.now() - w0 < WARM_MS && k < 128)) await stepOn(batch(k++))
    const c0 = performance.now()
    await epochEnd()
    const coldEndMs = performance.now() - c0
    const p0 = performance.now()
    tf.engine().startScope()
    try {
      // As a run's first frames: made at once, with nothing of the preview budget spent yet.
      await aside(() => session.previews(1, sample, false, 0))
    } finally {
      tf.engine().endScope()
    }
    const firstPreviewMs = performance.now() - p0
    await epochEnd()
    const minSteps = Math.max(1, opts.estimateSteps ?? 1)
    const t0 = performance.now()
    let steps = 0
    while (steps < minSteps || (performance.now() - t0 < TIMED_MS && steps < 64)) {
      await stepOn(batch(k++))
      steps++
    }
    const stepMs = (performance.now() - t0) / steps
    const t1 = performance.now()
    await epochEnd()
    const endMs = performance.now() - t1
    // Previews take their budget's share of the run (counted at the usual 5% at most).
    const share = Math.min(opts.previewBudget ?? PREVIEW_BUDGET, PREVIEW_BUDGET)
    const ms = (stepMs * stepsPerEpoch + endMs) * (1 + share)
    const firstMs = ms + firstPreviewMs + Math.max(0, coldEndMs - endMs)
    return { secondsPerEpoch: ms / 1000, firstEpochSeconds: firstMs / 1000, stepsPerEpoch }
  }
  let good = snapshot(session.variables)
  // Previews run in their own engine scope, so no recipe's preview can leak tensors.
  let previewMs = 0
  let started = performance.now()
  const budget = new PreviewBudget(opts.previewBudget ?? PREVIEW_BUDGET, started)
  const affordable = (epochEnd: boolean) =>
    budget.affordable(epochEnd ? 'epochEnd' : 'timed', performance.now())
  const emitPreviews = async (
    epoch: number,
    epochEnd: boolean,
    when: Pick<PreviewFrame, 'batch' | 'moment'> = {},
  ) => {
    const t0 = performance.now()
    const allowance = budget.remaining(t0)
    // The scope spans the preview's reads: nothing else runs on this engine until they are done.
    tf.engine().startScope()
    try {
      // Previews come when the clock allows: they draw aside, so a seeded run repeats.
      const frames = await aside(() => session.previews(epoch, sample, epochEnd, allowance))
      for (const frame of frames) opts.onEvent({ ...frame, ...when })
    } finally {
      tf.engine().endScope()
      const spent = performance.now() - t0
      previewMs += spent
      budget.spent(epochEnd ? 'epochEnd' : 'timed', spent)
    }
  }
  const firstEpoch = (opts.resumeAt?.epoch ?? 0) + 1
  const lastEpoch = firstEpoch + opts.epochs - 1
  opts.onEvent({
    type: 'start',
    phase: opts.phase ?? 'train',
    recipe: opts.recipe,
    epochs: lastEpoch,
    ...(firstEpoch > 1 ? { firstEpoch } : {}),
    epochsSetBy: opts.epochsSetBy ?? 'epochs',
    stepsPerEpoch,
    trainExamples: train.count,
    backend: opts.backend,
  })
  let lastPreview = -Infinity
  let lastMetrics: Metrics = {}
  let epochsCompleted = firstEpoch - 1
  try {
    for (let epoch = firstEpoch; epoch <= lastEpoch; epoch++) {
      const order = permutation(train.count)
      const sums: Record<string, number> = {}
      let epochStart = performance.now()
      let lastBatchEvent = -Infinity
      for (let step = 0; step < stepsPerEpoch; step++) {
        if (opts.control.isPaused) {
          // What the weights make now, labelled with where training stands: never an older frame.
          await emitPreviews(epoch, false, {
            batch: { done: step, of: stepsPerEpoch },
            moment: 'paused',
          })
          const pausedAt = performance.now()
          await opts.control.checkpoint()
          // Time paused is not training time: throughput and the ETA leave it out.
          const paused = performance.now() - pausedAt
          started += paused
          epochStart += paused
        }
        if (opts.control.isStopped) {
          restore(session.variables, good)
          // The frames shown last are the kept weights' (the last completed epoch's).
          if (epochsCompleted > 0) await emitPreviews(epochsCompleted, true, { moment: 'stopped' })
          opts.onEvent({
            type: 'stopped',
            reason: 'user',
            epoch,
            message: `stopped by the user; the weights of epoch ${epochsCompleted} are kept`,
          })
          return { epochsCompleted, metrics: lastMetrics, stopped: 'user' }
        }
        const idx = order.subarray(
          step * opts.batchSize,
          Math.min((step + 1) * opts.batchSize, train.count),
        )
        let values: Record<string, number>
        try {
          values = await stepOn(idx)
        } catch (e) {
          restore(session.variables, good)
          const failure = stepFailure(e)
          const message = `${failure.what} at epoch ${epoch}, batch ${step + 1} (${failure.detail}): training stopped and the weights of epoch ${epochsCompleted} are kept${failure.advice}`
          opts.onEvent({ type: 'stopped', reason: 'error', epoch, message })
          return { epochsCompleted, metrics: lastMetrics, stopped: 'error' }
        }
        const bad = Object.entries(values).find(([, v]) => !Number.isFinite(v))
        if (bad) {
          restore(session.variables, good)
          const message = `${bad[0]} became ${String(bad[1])} at epoch ${epoch}, batch ${step + 1}: training stopped and the weights of epoch ${epochsCompleted} are kept (try a lower learning rate or gradient clipping)`
          opts.onEvent({ type: 'stopped', reason: 'nan', epoch, message })
          return { epochsCompleted, metrics: lastMetrics, stopped: 'nan' }
        }
        for (const [k, v] of Object.entries(values)) sums[k] = (sums[k] ?? 0) + v * idx.length
        const now = performance.now()
        const done = (epoch - firstEpoch) * stepsPerEpoch + step + 1
        const samplesPerSec = ((step * opts.batchSize + idx.length) * 1000) / (now - epochStart)
        if (now - lastBatchEvent >= batchEvery || step === stepsPerEpoch - 1) {
          const etaSec = (((now - started) / done) * (opts.epochs * stepsPerEpoch - done)) / 1000
          opts.onEvent({
            type: 'batch',
            epoch,
            step: step + 1,
            stepsPerEpoch,
            metrics: values,
            samplesPerSec,
            etaSec,
          })
          lastBatchEvent = now
        }
        if (now - lastPreview >= previewEvery && (lastPreview === -Infinity || affordable(false))) {
          await emitPreviews(epoch, false, { batch: { done: step + 1, of: stepsPerEpoch } })
          lastPreview = performance.now()
        }
        await new Promise((resolve) => setImmediate(resolve))
      }
      const seconds = (performance.now() - epochStart) / 1000
      const metrics: Record<string, number> = Object.fromEntries(
        Object.entries(sums).map(([k, v]) => [k, v / train.count]),
      )
      opts.group?.verify(session.variables)
      session.epochEnd?.(() =>
        makeStep(train, permutation(train.count).subarray(0, opts.batchSize), session),
      )
      Object.assign(metrics, await evaluate(session, valid, opts.batchSize))
      if (fid) Object.assign(metrics, await fid.measure())
      tf.dispose(good)
      good = snapshot(session.variables)
      epochsCompleted = epoch
      lastMetrics = metrics
      // Copied before the epoch event: nothing trains between here and the checkpoint it feeds.
      const optimizers = opts.onEpochEnd ? await optimizerState(session.optimizers) : []
      opts.onEvent({
        type: 'epoch',
        phase: opts.phase ?? 'train',
        epoch,
        metrics,
        samplesPerSec: train.count / seconds,
        seconds,
        previewSeconds: previewMs / 1000,
        threads: opts.group?.threads ?? 1,
      })
      await opts.onEpochEnd?.({
        epoch,
        step: epoch * stepsPerEpoch,
        optimizers,
        previewMs: budget.total,
      })
      previewMs = 0
      if (epoch === lastEpoch || affordable(true)) {
        await emitPreviews(epoch, true)
        lastPreview = performance.now()
      }
    }
    if (opts.final !== false)
      opts.onEvent({
        type: 'done',
        epochs: epochsCompleted,
        metrics: lastMetrics,
        previewSeconds: budget.total / 1000,
      })
    return { epochsCompleted, metrics: lastMetrics }
  } finally {
    fid?.dispose()
    tf.dispose(good)
    tf.dispose([sample.x, ...(sample.labels ? [sample.labels] : [])])
  }
}

/** Validation metrics (prefixed `val_`) over up to MAX_EVAL_BATCHES batches. */
async function evaluate(
  session: RecipeSession,
  valid: ImageSet,
  batchSize: number,
): Promise<Record<string, number>> {
  const sums: Record<string, number> = {}
  let n = 0
  for (let from = 0; from < valid.count && from < MAX_EVAL_BATCHES * batchSize; from += batchSize) {
    const idx = Array.from({ length: Math.min(batchSize, valid.count - from) }, (_, i) => from + i)
    const values = await read(tf.tidy(() => session.evaluate(makeStep(valid, idx, session))))
    for (const [k, v] of Object.entries(values))
      sums[`val_${k}`] = (sums[`val_${k}`] ?? 0) + v * idx.length
    n += idx.length
  }
  return Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / n]))
}

/**
 * What a failed training step tells the user. Running out of memory (the wasm heap's 4 GB, the
 * JS heap, the GPU) gets advice; anything else is reported as it is.
 */
export function stepFailure(e: unknown): { what: string; detail: string; advice: string } {
  const detail = e instanceof Error ? e.message : String(e)
  if (/memory|allocat|OOM|Array buffer/i.test(detail))
    return { what: 'out of memory', detail, advice: '; reduce the batch size or the model’s size' }
  return { what: 'a training step failed', detail, advice: '' }
}
