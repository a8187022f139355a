import { trainsInReplicas, type ReplicaBackend } from '../../../common/backends'
import { availableParallelism } from 'node:os'
import type { Worker } from 'node:worker_threads'
import type { ImageSet } from '../../data/dataset'
import type { GraphDoc } from '../../../common/graph/schema'
import type { PixelRange } from '../../../common/graph/pixelRange'
import { writeImageValues } from '../batches'
import { withGradientReducer } from '../step'
import { PARALLEL_WORK } from './intensity'
import {
  allocateGroup,
  Command,
  GroupBroken,
  GroupView,
  type GroupMemory,
  type Share,
} from './collective'
import { refillReplicas, takeReplica } from './pool'
import type { ResumePoint } from '../../runs/resume'
import { flatten, groupReducer, syncWeights } from './weights'
import type * as tf from '@tensorflow/tfjs'

/** What a replica thread is given for a run (in a message: a warm thread waits for it). */
export interface ReplicaInit {
  readonly doc: GraphDoc
  readonly backend: ReplicaBackend
  /**
   * A continued run: the phase it resumes in and that phase's optimizers' state (stable names),
   * which each replica's optimizers must hold too, as they apply the same averaged gradients.
   */
  readonly resume?: { readonly phase: number; readonly optimizers: ResumePoint['optimizers'] }
  readonly memory: GroupMemory
  readonly party: number
}

/** Examples each party gets of a batch of `n` (the leader first): as even as can be. */
export function shares(n: number, parties: number): number[] {
  return Array.from(
    { length: parties },
    (_, p) => Math.floor(n / parties) + (p < n % parties ? 1 : 0),
  )
}

/**
 * How many threads to train with: one per core (at most 4) on the single-threaded wasm and cpu
 * backends when the step has enough work per weight (`workPerWeight` × batch ≥ PARALLEL_WORK) and
 * each thread gets at least 8 examples; else 1.
 */
export function autoThreads(
  backend: string,
  batchSize: number,
  work: number,
  cores = availableParallelism(),
): number {
  if (!trainsInReplicas(backend)) return 1 // libtensorflow or a GPU threads on its own
  if (batchSize * work < PARALLEL_WORK) return 1
  return Math.max(1, Math.min(cores, 4, Math.floor(batchSize / 8)))
}

export interface GroupBatch {
  readonly set: ImageSet
  readonly indices: Int32Array
  readonly range: PixelRange
}

/**
 * The leader's side of data-parallel training: replicas in worker threads, each with its own tfjs
 * engine and its own copy of the recipe (models and optimizers). Every batch is split between the
 * parties and their gradients averaged before each update, which every party applies: weights stay
 * identical, as the epoch-end checks confirm. The run waits for the replicas (`ready`) before its
 * first step; if they fail, the leader trains alone.
 */
export class TrainingGroup {
  private readonly view: GroupView
  private readonly workers: Worker[]
  private joined = false
  private phase = 0
  private needSync = true
  private brokenReason: string | null = null
  private readonly backend: ReplicaBackend
  /** Epoch-end checks that found a replica's weights differing from the leader's (a bug if > 0). */
  divergences = 0
  /** Epoch-end checks that found every replica's weights identical to the leader's. */
  checksPassed = 0
  /** At each check, the tensors alive in each replica's engine (a leak shows as growth). */
  readonly replicaTensors: number[][] = []

  constructor(
    init: Omit<ReplicaInit, 'memory' | 'party'>,
    parties: number,
    capacity: number,
    private readonly notice: (message: string) => void,
  ) {
    this.parties = parties
    const memory = allocateGroup({ parties, capacity })
    this.view = new GroupView(memory, 0)
    this.backend = init.backend
    this.workers = Array.from({ length: parties - 1 }, (_, i) => {
      const w = takeReplica(init.backend)
      const run: ReplicaInit = { ...init, memory, party: i + 1 }
      w.postMessage(run)
      w.on('error', (e) => {
        this.breakUp(`training thread ${String(i + 1)} failed: ${e.message}`)
      })
      return w
    })
  }

  /** The threads the group trains in once its replicas join (the leader's included). */
  readonly parties: number

  /** Resolves once every replica is ready (true) or the group has failed (false). */
  async ready(): Promise<boolean> {
    while (!this.brokenReason && !this.view.allReady()) {
      const failed = this.view.failure()
      if (failed) this.breakUp(failed)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    return !this.brokenReason
  }

  /** Threads training right now (1 before the first step, or after the replicas failed). */
  get threads(): number {
    return this.joined && !this.brokenReason ? this.view.parties : 1
  }

  private breakUp(reason: string): void {
    if (this.brokenReason) return
    this.brokenReason = reason
    this.notice(`${reason}; training goes on in one thread`)
    for (const w of this.workers) void w.terminate()
  }

  /** A new loop (phase) begins: replicas switch to its session and take the leader's weights. */
  beginPhase(index: number): void {
    this.phase = index
    this.needSync = true
    if (this.joined && !this.brokenReason) this.command(Command.Phase, index)
  }

  private command(kind: Command, arg = 0, parts: readonly Share[] = []): void {
    this.view.post(kind, arg, parts)
    this.view.barrier()
  }

  /**
   * One training step over the batch: the leader's share runs in `run`, each replica's in its
   * thread. Returns the step's metrics (losses averaged over all parties).
   */
  step(
    batch: GroupBatch,
    vars: readonly tf.Variable[],
    run: (indices: Int32Array) => Record<string, number>,
  ): Record<string, number> {
    if (this.brokenReason) return run(batch.indices)
    try {
      if (!this.joined) {
        const failed = this.view.failure()
        if (failed) throw new GroupBroken(failed)
        // A replica joining late would apply the same gradients through fresh optimizer state.
        if (!this.view.allReady()) throw new Error('TrainingGroup.step before ready() resolved')
        this.joined = true
        this.command(Command.Phase, this.phase)
        this.notice(`training in ${String(this.view.parties)} threads (data-parallel)`)
      }
      if (this.needSync) {
        this.view.post(Command.Sync)
        syncWeights(this.view, vars)
        this.view.barrier()
        this.needSync = false
      }
      return this.parallelStep(batch, run)
    } catch (e) {
      if (!(e instanceof GroupBroken)) throw e
      this.breakUp(e.message)
      return run(batch.indices)
    }
  }

  private parallelStep(
    batch: GroupBatch,
    run: (indices: Int32Array) => Record<string, number>,
  ): Record<string, number> {
    const { set, indices, range } = batch
    const n = indices.length
    const counts = shares(n, this.view.parties)
    const per = set.height * set.width * set.channels
    const labels = set.labels
    const parts: Share[] = []
    let from = counts[0] ?? n
    let offset = 0
    for (const count of counts.slice(1)) {
      // A party with no example of this (last, small) batch repeats the first one with weight 0.
      const idx = count > 0 ? indices.subarray(from, from + count) : indices.subarray(0, 1)
      writeImageValues(set, idx, range, this.view.payload, offset)
      if (labels) {
        idx.forEach((k, i) => {
          this.view.payload[offset + idx.length * per + i] = labels[k] ?? 0
        })
      }
      parts.push({ count: idx.length, offset, weight: count })
      offset += idx.length * (per + 1)
      from += count
    }
    this.view.post(Command.Step, labels ? 1 : 0, parts)
    const mine = indices.subarray(0, counts[0] ?? n)
    const values = withGradientReducer(groupReducer(this.view, mine.length), () => run(mine))
    this.view.barrier()
    return values
  }

  /**
   * Checks that every replica holds exactly the leader's weights (they apply the same averaged
   * updates, so they must); a difference is a bug: it is reported and the leader's weights resent.
   */
  verify(vars: readonly tf.Variable[]): void {
    if (!this.joined || this.brokenReason) return
    try {
      this.view.post(Command.Check)
      const same = this.view.allEqual(flatten(vars))
      this.view.barrier()
      this.replicaTensors.push(this.view.replicaTensors())
      if (same) this.checksPassed++
      else {
        this.divergences++
        this.notice(
          'a training thread’s weights drifted from the leader’s: resent (please report this)',
        )
        this.needSync = true
      }
    } catch (e) {
      if (!(e instanceof GroupBroken)) throw e
      this.breakUp(e.message)
    }
  }

  /** Ends the replicas' threads. */
  async close(): Promise<void> {
    if (this.joined && !this.brokenReason) this.view.post(Command.Exit)
    await Promise.all(this.workers.map((w) => w.terminate()))
    refillReplicas(this.backend)
  }
}
