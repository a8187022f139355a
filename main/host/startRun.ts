import type { EngineEvent, WireTrainEvent } from '../../common/api'
import type { BackendName } from '../engine/backend'
import type { GraphDoc } from '../../common/graph/schema'
import { snapshotWeights } from '../runs/checkpoint'
import { newRunId, RunRecorder } from '../runs/records'
import { RunControl } from '../train/control'
import type { TrainEvent } from '../../common/events'
import { trainDocument } from '../train/run'

export interface RunRequest {
  readonly doc: GraphDoc
  readonly epochs?: number
  readonly limit?: number
  readonly backend?: BackendName | 'auto'
  readonly threads?: number | 'auto'
  /** The folders the document's dataset may be read from. */
  readonly datasetRoots: readonly string[]
}

/** A run the engine is training. */
export interface StartedRun {
  readonly runId: string
  readonly control: RunControl
  /** Settles when the run has ended and its record is final. */
  readonly ended: Promise<void>
}

/**
 * Starts training a document as a recorded run: the record is on disk before this resolves (a run
 * that dies is still in the history), events stream to `emit`, and the run's end reaches the
 * renderer only after its record and checkpoint are written.
 */
export async function startRun(
  req: RunRequest,
  root: string,
  emit: (e: EngineEvent) => void,
): Promise<StartedRun> {
  const { doc, epochs, limit, backend, threads, datasetRoots } = req
  const runId = newRunId()
  const control = new RunControl()
  const recorder = new RunRecorder(
    runId,
    doc,
    {
      epochs: epochs ?? doc.training.epochs,
      batchSize: doc.training.batchSize,
      ...(limit !== undefined ? { limit } : {}),
      backend: backend ?? 'auto',
      optimizer: doc.training.optimizer.kind,
      learningRate: doc.training.learningRate,
      dataset: doc.dataset.kind,
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
    ...(threads !== undefined ? { threads } : {}),
    datasetRoots,
    onEpochEnd: (compiled, epoch) => {
      recorder.checkpoint(snapshotWeights(compiled), epoch)
    },
    onEvent: (e) => {
      recorder.event(e)
      if (e.type === 'done' || e.type === 'stopped') last = e
      else send(e)
    },
  })
    .then(async (r) => {
      if (!r.ok) {
        await recorder.finish('failed', r.error)
        send({ type: 'failed', message: r.error })
        return
      }
      const end: TrainEvent | null = last
      const stopped = end?.type === 'stopped' ? end : null
      await recorder.finish(
        stopped ? (stopped.reason === 'user' ? 'stopped' : 'failed') : 'done',
        stopped?.message,
        r.value.compiled,
      )
      if (end) send(end)
    })
    .catch(async (e: unknown) => {
      // A bug in the engine: the run ends, the host stays up and says so.
      const message = `internal error: ${e instanceof Error ? e.message : String(e)}`
      await recorder.finish('failed', message).catch(() => undefined)
      send({ type: 'failed', message })
    })
  return { runId, control, ended }
}
