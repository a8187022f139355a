import type { EngineEvent, WireTrainEvent } from '../../common/api'
import type { TrainEvent } from '../../common/events'
import { err, type Result } from '../../common/graph/result'
import type { GraphDoc } from '../../common/graph/schema'
import type { BackendName } from '../tfjs/backend'
import { snapshotWeights } from '../runs/checkpoint'
import { newRunId, RunRecorder } from '../runs/records'
import { RunControl } from '../train/control'
import { trainDocument, type TrainOutcome } from '../train/run'

export interface RunRequest {
  readonly doc: GraphDoc
  readonly epochs?: number
  readonly limit?: number
  readonly batchSize?: number
  readonly backend?: BackendName | 'auto'
  readonly threads?: number | 'auto'
  /** An MNIST-format or image folder to train on instead of the document's dataset (the CLI's --data). */
  readonly dataDir?: string
  /** The folders the document's dataset may be read from (an engine serving a renderer). */
  readonly datasetRoots?: readonly string[]
  /** The share of the run's time previews may take (1: every frame, for the CLI's --out). */
  readonly previewBudget?: number
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
  const { doc, epochs, limit, batchSize, backend, threads, dataDir, datasetRoots } = req
  const runId = newRunId()
  const control = new RunControl()
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
  await recorder.ready
  const send = (event: WireTrainEvent) => {
    emit({ type: 'train:event', runId, event })
  }
  let last: TrainEvent | null = null
  const ended = trainDocument(doc, {
    control,
    ...(backend !== undefined ? { backend } : {}),
    ...(epochs !== undefined ? { epochs } : {}),
    ...(limit !== undefined ? { limit } : {}),
    ...(batchSize !== undefined ? { batchSize } : {}),
    ...(threads !== undefined ? { threads } : {}),
    ...(dataDir !== undefined ? { dataDir } : {}),
    ...(datasetRoots !== undefined ? { datasetRoots } : {}),
    ...(req.previewBudget !== undefined ? { previewBudget: req.previewBudget } : {}),
    onEpochEnd: (compiled, state) => {
      recorder.checkpoint(snapshotWeights(compiled), state)
    },
    onEvent: (e) => {
      recorder.event(e)
      if (e.type === 'done' || e.type === 'stopped') last = e
      else send(e)
    },
  })
    .then(async (outcome): Promise<RunEnd> => {
      if (!outcome.ok) {
        await recorder.finish('failed', outcome.error)
        send({ type: 'failed', message: outcome.error })
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
      return { outcome }
    })
    .catch(async (e: unknown): Promise<RunEnd> => {
      // A bug in the engine: the run ends, the host stays up and says so.
      const message = `internal error: ${e instanceof Error ? e.message : String(e)}`
      await recorder.finish('failed', message).catch(() => null)
      send({ type: 'failed', message })
      return { outcome: err(message) }
    })
  return { runId, control, ended }
}
