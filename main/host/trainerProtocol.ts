import type { EngineEvent } from '../../common/api'
import type { RunEstimate } from '../../common/events'
import type { Result } from '../../common/graph/result'
import type { ThreadData } from '../threads/spawnThread'
import type { ContinueRequest, RunRequest } from './startRun'
import type { EstimateRequest, RunHandle } from './trainer'

/** What the training thread is started with. */
export interface TrainerBoot extends ThreadData {
  /** The run history's folder. */
  readonly root: string
}

/** A call from the engine's thread to the training thread. */
export type ToTrainer =
  | { readonly kind: 'start'; readonly id: number; readonly req: RunRequest }
  | { readonly kind: 'continue'; readonly id: number; readonly req: ContinueRequest }
  | { readonly kind: 'estimate'; readonly id: number; readonly req: EstimateRequest }
  | { readonly kind: 'control'; readonly runId: string; readonly action: keyof RunHandle }
  | { readonly kind: 'close' }

/** What the training thread posts back: answers by call id, runs' events, runs' ends. */
export type FromTrainer =
  | { readonly kind: 'answer'; readonly id: number; readonly result: Result<{ runId: string }> }
  | { readonly kind: 'estimated'; readonly id: number; readonly result: Result<RunEstimate> }
  | { readonly kind: 'event'; readonly event: EngineEvent }
  | { readonly kind: 'ended'; readonly runId: string }
