import type { EngineEvent, WireTrainEvent } from '../../common/api'
import type { TrainEvent } from '../../common/events'
import { join } from 'node:path'
import { err, ok, type Result } from '../../common/graph/result'
import type { GraphDoc } from '../../common/graph/schema'
import type { BackendName } from '../tfjs/backend'
import { snapshotWeights } from '../runs/checkpoint'
import { newRunId, readRecord, runDocument, RunRecorder } from '../runs/records'
import { readResumePoint } from '../runs/resume'
import { RunControl } from '../train/control'
import { trainDocument, type TrainOptions, type TrainOutcome } from '../train/run'
import type { RunBackendChoice } from '../train/chooseBackend'
import { autoBackend, type EstimateOptions } from '../train/estimate'

export interface RunRequest {
  readonly doc: GraphDoc
  readonly epochs?: number
  readonly limit?: number
  readonly batchSize?: number
  readonly backend?: BackendName | 'auto'
  /**
   * `auto`'s choice for this run, made by an estimate just before it with the same options (the
   * CLI's): the run takes it instead of timing the candidates again.
   */
  readonly autoChoice?: RunBackendChoice
  readonly threads?: number | 'auto'
  /** An MNIST-format or image folder to train on instead of the document's dataset (the CLI's --data). */
  readonly dataDir?: string
  /** The folders the document's dataset may be read from (an engine serving a renderer). */
  readonly datasetRoots?: readonly string[]
  /** The share of the run's time previews may take (1: every frame, for the CLI's --out). */
  readonly previewBudget?: number
  /** The memory the run may take, in bytes (default: half the machine's). */
  readonly memoryBudget?: number
  /** Whether generative runs measure their FID at each epoch's end (default true; CLI --no-fid). */
  readonly fid?: boolean
  /** A past run whose weights the new run starts from, layer by layer where they fit. */
  readonly initFrom?: string
}

/** How a run ended: the trained graph, or why training failed (its record is final by then). */
export interface RunEnd {
  readonly outcome: Result<TrainOutcome>
}

/** A run the engine is training. */
export interface StartedRun {
  readonly runId: string
  readonly control: RunControl
  /** Settles when the run has ended and its record is final. */
  readonly ended: Promise<RunEnd>
}

/**
 * Starts training a document as a recorded run: the one way runs start, for the engine host and
 * the CLI alike. The record is on disk before this resolves (a run that dies is still in the
 * history), a checkpoint with the training state is written at every epoch's end, events stream to
 * `emit`, and the run's end is emitted only after its record and checkpoint are written.
 */
export async function startRun(
  req: RunRequest,
  root: string,
  emit: (e: EngineEvent) => void,
): Promise<StartedRun> {
  const { doc, epochs, limit, batchSize, backend, dataDir } = req
  const runId = newRunId()
  const recorder = new RunRecorder(
    runId,
    doc,
    {
      epochs: epochs ?? doc.training.epochs,
      batchSize: batchSize ?? doc.training.batchSize,
      ...(limit !== undefined ? { limit } : {}),
      backend: backend ?? 'auto',
      optimizer: doc.training.optimizer.kind,
      learningRate: doc.training.learningRate,
      dataset: dataDir !== undefined ? `folder ${dataDir}` : doc.dataset.kind,
    },
    root,
  )
  const initFrom = req.initFrom
  if (initFrom !== undefined) {
    const past = await readRecord(initFrom, root)
    if (!past?.checkpoint) {
      await recorder.ready
      const message = past
        ? `run ${initFrom} saved no weights to start from`
        : `there is no run ${initFrom} in ${root}`
      return failedRun(runId, recorder, message, emit)
    }
  }
  return launch(runId, recorder, req, emit, {
    ...(initFrom !== undefined
      ? { initFrom: { dir: join(root, initFrom, 'checkpoint'), runId: initFrom } }
      : {}),
  })
}

/** What continuing a run asks: the run, and how many more epochs (by default, those it had left). */
export interface ContinueRequest {
  readonly runId: string
  readonly epochs?: number
  readonly backend?: BackendName | 'auto'
  readonly threads?: number | 'auto'
  /** The folders the run's dataset may be read from (an engine serving a renderer). */
  readonly datasetRoots?: readonly string[]
  readonly fid?: boolean
}

/**
 * Continues a recorded run from its checkpoint: the same record and folder, its weights and
 * optimizers' state, epochs numbered on from its last, its curves going on from there (points of
 * an epoch that never completed are dropped). Its document, batch size, examples and dataset are
 * the run's own. Answers why not when the run cannot continue.
 */
export async function continueRun(
  req: ContinueRequest,
  root: string,
  emit: (e: EngineEvent) => void,
): Promise<Result<StartedRun>> {
  const record = await readRecord(req.runId, root)
  if (!record) return err(`there is no run ${req.runId} in ${root}`)
  if (record.status === 'running')
    return err(`run ${req.runId} is still training (process ${String(record.pid ?? '?')})`)
  if (!record.checkpoint) return err(`run ${req.runId} saved no weights to continue from`)
  const dir = join(root, req.runId)
  const doc = await runDocument(dir)
  if (!doc.ok) return doc
  const point = await readResumePoint(join(dir, 'checkpoint'))
  if (!point.ok) return point
  const left = record.config.epochs - point.value.epoch
  const epochs = req.epochs ?? (left > 0 ? left : undefined)
  if (epochs === undefined)
    return err(
      `run ${req.runId} completed its ${String(record.config.epochs)} epoch(s): say how many more to train (--epochs N)`,
    )
  const folder = /^folder (.+)$/.exec(record.config.dataset)?.[1]
  const resumeAt = point.value
  const recorder = new RunRecorder(
    req.runId,
    doc.value,
    {
      ...record.config,
      epochs: resumeAt.epoch + epochs,
      backend: req.backend ?? record.config.backend,
    },
    root,
    {
      record,
      keep: (p) => p.epoch === resumeAt.epoch && (p.phase ?? 'train') === resumeAt.phaseName,
    },
  )
  return ok(
    await launch(
      req.runId,
      recorder,
      {
        doc: doc.value,
        epochs,
        batchSize: record.config.batchSize,
        ...(record.config.limit !== undefined ? { limit: record.config.limit } : {}),
        ...(req.backend !== undefined ? { backend: req.backend } : {}),
        ...(req.threads !== undefined ? { threads: req.threads } : {}),
        ...(folder !== undefined ? { dataDir: folder } : {}),
        ...(req.datasetRoots !== undefined ? { datasetRoots: req.datasetRoots } : {}),
        ...(req.fid !== undefined ? { fid: req.fid } : {}),
      },
      emit,
      { resume: resumeAt },
    ),
  )
}

/** A run that could not start: recorded as failed, said so on the event stream. */
async function failedRun(
  runId: string,
  recorder: RunRecorder,
  message: string,
  emit: (e: EngineEvent) => void,
): Promise<StartedRun> {
  await recorder.finish('failed', message)
  emit({ type: 'train:event', runId, event: { type: 'failed', message } })
  return { runId, control: new RunControl(), ended: Promise.resolve({ outcome: err(message) }) }
}

/**
 * For a run that asked for `auto`: the CPU-class backend `auto` starts, or the GPU where a hardware
 * adapter is there and a few timed steps of this run's graph are faster on it (see
 * chooseRunBackend). Null when the run named its backend.
 */
async function runBackend(req: RunRequest): Promise<RunBackendChoice | null> {
  if (req.backend !== undefined && req.backend !== 'auto') return null
  if (req.autoChoice) return req.autoChoice
  return (await autoBackend(req.doc, runOptions(req)))?.choice ?? null
}

/** A request's training options, as the run and its timings take them (no callbacks). */
function runOptions(req: RunRequest): EstimateOptions {
  const { backend, epochs, limit, batchSize, threads, dataDir, datasetRoots } = req
  return {
    ...(backend !== undefined ? { backend } : {}),
    ...(epochs !== undefined ? { epochs } : {}),
    ...(limit !== undefined ? { limit } : {}),
    ...(batchSize !== undefined ? { batchSize } : {}),
    ...(threads !== undefined ? { threads } : {}),
    ...(dataDir !== undefined ? { dataDir } : {}),
    ...(datasetRoots !== undefined ? { datasetRoots } : {}),
    ...(req.previewBudget !== undefined ? { previewBudget: req.previewBudget } : {}),
    ...(req.memoryBudget !== undefined ? { memoryBudget: req.memoryBudget } : {}),
    ...(req.fid !== undefined ? { fid: req.fid } : {}),
  }
}

/** Trains a run whose record is open: events to the record and `emit`, its end recorded. */
async function launch(
  runId: string,
  recorder: RunRecorder,
  req: RunRequest,
  emit: (e: EngineEvent) => void,
  start: Pick<TrainOptions, 'resume' | 'initFrom'>,
): Promise<StartedRun> {
  const control = new RunControl()
  await recorder.ready
  // Events go out in order, and an epoch's end only once its checkpoint is committed: whoever
  // sees epoch N end (the dock, the CLI) can count on its weights being on disk.
  let outbox = Promise.resolve()
  const send = (event: WireTrainEvent, after?: Promise<void>) => {
    outbox = outbox
      .then(() => after)
      .catch(() => undefined)
      .then(() => {
        emit({ type: 'train:event', runId, event })
      })
  }
  let epochEnd: WireTrainEvent | null = null
  let last: TrainEvent | null = null
  const ended = runBackend(req)
    .then((choice) => {
      if (choice?.timings.length) {
        recorder.choseBackend(choice.timings)
        send({ type: 'notice', message: choice.why })
      }
      return trainDocument(req.doc, {
        control,
        ...runOptions(req),
        ...(choice ? { backend: choice.backend } : {}),
        ...start,
        onEpochEnd: async (compiled, state) => {
          const written = recorder.checkpoint(await snapshotWeights(compiled), state)
          if (epochEnd) send(epochEnd, written)
          epochEnd = null
        },
        onEvent: (e) => {
          recorder.event(e)
          if (e.type === 'done' || e.type === 'stopped') last = e
          // The epoch's end is sent with its checkpoint (onEpochEnd follows at once).
          else if (e.type === 'epoch') epochEnd = e
          else send(e)
        },
      })
    })
    .then(async (outcome): Promise<RunEnd> => {
      if (!outcome.ok) {
        await recorder.finish('failed', outcome.error)
        send({ type: 'failed', message: outcome.error })
        await outbox
        return { outcome }
      }
      const end: TrainEvent | null = last
      const stopped = end?.type === 'stopped' ? end : null
      await recorder.finish(
        stopped ? (stopped.reason === 'user' ? 'stopped' : 'failed') : 'done',
        stopped?.message,
        outcome.value.compiled,
      )
      if (end) send(end)
      // The run has ended for its caller once every event is out.
      await outbox
      return { outcome }
    })
    .catch(async (e: unknown): Promise<RunEnd> => {
      // A bug in the engine: the run ends, the host stays up and says so.
      const message = `internal error: ${e instanceof Error ? e.message : String(e)}`
      await recorder.finish('failed', message).catch(() => null)
      send({ type: 'failed', message })
      await outbox
      return { outcome: err(message) }
    })
  return { runId, control, ended }
}
