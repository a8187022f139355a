import type { Worker } from 'node:worker_threads'
import type { EngineEvent } from '../../common/api'
import type { RunEstimate } from '../../common/events'
import { err, ok, type Result } from '../../common/graph/result'
import { interruptRun } from '../runs/records'
import { spawnThread, threadEntry } from '../threads/spawnThread'
import type { Trainer, TrainerRun } from './trainer'
import type { FromTrainer, ToTrainer, TrainerBoot } from './trainerProtocol'

/** The training thread's module beside this one. */
const TRAINER = threadEntry(import.meta.dirname, 'trainerThread')

type Call = Extract<ToTrainer, { id: number }>
type Answer = Result<{ runId: string }> | Result<RunEstimate>

/**
 * Trains in a thread of its own (`trainerThread.ts`), started at once so that its backend and
 * replicas are warm when a run starts: the calling thread stays free to answer the app while
 * training steps, validation, previews and checkpoints compute. Should the thread die (a crash in
 * a native kernel, memory), pending calls fail, a run in progress is recorded as interrupted with
 * its last checkpoint kept, its end is emitted, and the next call starts a new thread.
 */
export function threadTrainer(
  root: string,
  emit: (e: EngineEvent) => void,
  log: (line: string) => void = () => undefined,
): Trainer {
  let thread: Worker | null = null
  let next = 1
  const pending = new Map<number, (a: Answer) => void>()
  /** Runs in progress: what settles each one's `ended`. */
  const running = new Map<string, () => void>()
  const ends = new Map<string, Promise<void>>()

  const died = (w: Worker, why: string) => {
    if (thread !== w) return
    thread = null
    const cause = `the training thread stopped (${why})`
    log(cause)
    for (const answer of pending.values()) answer(err(cause))
    pending.clear()
    for (const [runId, end] of running)
      void interruptRun(runId, root, cause)
        .catch(() => cause)
        .then((message) => {
          emit({ type: 'train:event', runId, event: { type: 'failed', message: message ?? cause } })
          end()
        })
    running.clear()
  }
  const open = (): Worker => {
    if (thread) return thread
    const boot: TrainerBoot = { entry: TRAINER, root }
    const w = spawnThread(boot)
    w.unref()
    w.on('message', (m: FromTrainer) => {
      if (m.kind === 'event') emit(m.event)
      else if (m.kind === 'ended') {
        running.get(m.runId)?.()
        running.delete(m.runId)
      } else {
        // A run's end is awaited from its answer on: the thread may post its end right after.
        if (m.kind === 'answer' && m.result.ok) {
          const { runId } = m.result.value
          ends.set(runId, new Promise<void>((resolve) => running.set(runId, resolve)))
        }
        pending.get(m.id)?.(m.result)
        pending.delete(m.id)
      }
    })
    w.on('error', (e) => {
      died(w, e.message)
    })
    w.on('exit', (code) => {
      died(w, `exit code ${String(code)}`)
    })
    thread = w
    return w
  }
  const call = (make: (id: number) => Call) =>
    new Promise<Answer>((resolve) => {
      const id = next++
      pending.set(id, resolve)
      open().postMessage(make(id))
    })
  const post = (m: ToTrainer) => thread?.postMessage(m)
  const run = async (make: (id: number) => Call): Promise<Result<TrainerRun>> => {
    const r = (await call(make)) as Result<{ runId: string }>
    if (!r.ok) return r
    const { runId } = r.value
    const ended = ends.get(runId) ?? Promise.resolve()
    ends.delete(runId)
    const control = (action: 'pause' | 'resume' | 'stop') => () => {
      post({ kind: 'control', runId, action })
    }
    return ok({
      runId,
      ended,
      control: { pause: control('pause'), resume: control('resume'), stop: control('stop') },
    })
  }
  open()
  return {
    start: (req) => run((id) => ({ kind: 'start', id, req })),
    continue: (req) => run((id) => ({ kind: 'continue', id, req })),
    estimate: async (req) =>
      (await call((id) => ({ kind: 'estimate', id, req }))) as Result<RunEstimate>,
    close: async () => {
      const w = thread
      if (!w) return
      const gone = new Promise((resolve) => w.once('exit', resolve))
      post({ kind: 'close' })
      await gone
    },
  }
}
