import * as tf from '@tensorflow/tfjs'
import type { EngineEvent } from '../../common/api'
import type { RunEstimate } from '../../common/events'
import { err, ok, type Result } from '../../common/graph/result'
import type { GraphDoc } from '../../common/graph/schema'
import type { BackendName } from '../tfjs/backend'
import { estimateRun } from '../train/estimate'
import { continueRun, startRun, type ContinueRequest, type RunRequest } from './startRun'

/** What a run's controls do, wherever it trains. */
export interface RunHandle {
  pause(): void
  resume(): void
  stop(): void
}

/** A run a trainer started: its id, its controls, and when it ended (its record final by then). */
export interface TrainerRun {
  readonly runId: string
  readonly control: RunHandle
  readonly ended: Promise<void>
}

/** What timing a run before it starts needs (the engine's `train:estimate`). */
export interface EstimateRequest {
  readonly doc: GraphDoc
  readonly epochs?: number
  readonly limit?: number
  readonly backend?: BackendName | 'auto'
  readonly memoryBudget?: number
  readonly datasetRoots?: readonly string[]
}

/**
 * Where the engine trains: in its own thread (`localTrainer`: the CLI, tests) or in a training
 * thread beside the one that answers calls (`threadTrainer`: the engine process), so the engine
 * answers while a run computes. Runs' events go to the `emit` the trainer was made with.
 */
export interface Trainer {
  start(req: RunRequest): Promise<Result<TrainerRun>>
  continue(req: ContinueRequest): Promise<Result<TrainerRun>>
  estimate(req: EstimateRequest): Promise<Result<RunEstimate>>
  /** Ends the trainer (a training thread exits); a run in progress is stopped first. */
  close(): Promise<void>
}

const internal = (e: unknown) =>
  err(`internal error: ${e instanceof Error ? e.message : String(e)}`)

/**
 * Trains in this thread, one run at a time on its tfjs engine: a run waits for an estimate being
 * timed, then frees the previous run's variables (its weights are in its checkpoint on disk).
 */
export function localTrainer(root: string, emit: (e: EngineEvent) => void): Trainer {
  let estimating: Promise<unknown> | null = null
  let current: TrainerRun | null = null
  const begin = async (start: () => Promise<Result<TrainerRun>>) => {
    await estimating?.catch(() => undefined)
    tf.disposeVariables()
    const run = await start().catch(internal)
    if (run.ok) current = run.value
    return run
  }
  const started = async (s: ReturnType<typeof startRun>): Promise<Result<TrainerRun>> => {
    const { runId, control, ended } = await s
    return ok({ runId, control, ended: ended.then(() => undefined) })
  }
  return {
    start: (req) => begin(() => started(startRun(req, root, emit))),
    continue: (req) =>
      begin(async () => {
        const r = await continueRun(req, root, emit)
        return r.ok ? started(Promise.resolve(r.value)) : r
      }),
    estimate: async ({ doc, ...opts }) => {
      const timing = estimateRun(doc, opts).catch(internal)
      estimating = timing
      try {
        return await timing
      } finally {
        if (estimating === timing) estimating = null
      }
    },
    close: async () => {
      current?.control.stop()
      await current?.ended
    },
  }
}
