import { trainsInReplicas, type ReplicaBackend } from '../../../common/backends'
import { availableParallelism } from 'node:os'
import type { Worker } from 'node:worker_threads'
import { spawnThread, threadEntry, type ThreadData } from '../../threads/spawnThread'

/** The replica's module beside this one. */
const REPLICA = threadEntry(import.meta.dirname, 'replica')

type Backend = ReplicaBackend

/** What a replica thread is started with; it then waits for its run (ReplicaInit) in a message. */
export interface ReplicaBoot extends ThreadData {
  readonly backend: Backend
}

const idle = new Map<Backend, Worker[]>()
/** Idle replicas whose backend has started (they said so). */
const booted = new WeakSet<Worker>()
/** How many warm replicas to keep per backend, once an entry point asked for them. */
const wanted = new Map<Backend, number>()

function spawn(backend: Backend): Worker {
  const boot: ReplicaBoot = { entry: REPLICA, backend }
  return spawnThread(boot)
}

/**
 * Keeps `count` replica threads booted (tfjs loaded, backend started) and waiting for a run, so
 * that a run's threads join in about 0.1 s instead of about 1 s. Idle ones do not keep the
 * process alive. Entry points that train (the engine, the CLI) call this when they start.
 */
export function warmReplicas(backend: Backend, count: number): void {
  wanted.set(backend, count)
  const list = idle.get(backend) ?? []
  idle.set(backend, list)
  while (list.length < count) {
    const w = spawn(backend)
    w.unref()
    const drop = () => {
      const i = list.indexOf(w)
      if (i >= 0) list.splice(i, 1)
    }
    // An idle replica that fails to boot is dropped; a run that takes one sees its failure itself.
    w.once('error', drop)
    w.once('exit', drop)
    w.once('message', () => {
      booted.add(w)
    })
    list.push(w)
  }
}

/** A replica thread for a run: a warm one when there is one, else a new one. */
export function takeReplica(backend: Backend): Worker {
  const w = idle.get(backend)?.shift() ?? spawn(backend)
  w.removeAllListeners('error')
  w.removeAllListeners('exit')
  w.removeAllListeners('message')
  w.ref()
  return w
}

/** After a run: boots replacements for the replicas it used, if an entry point keeps some warm. */
export function refillReplicas(backend: Backend): void {
  const count = wanted.get(backend)
  if (count !== undefined) warmReplicas(backend, count)
}

/**
 * Warms one replica per extra core (at most 3) for a backend that trains in threads (wasm, cpu);
 * nothing for the others. What the engine and the CLI call once their backend is known.
 */
export function warmReplicasFor(backend: string, cores = availableParallelism()): void {
  if (!trainsInReplicas(backend)) return
  const extra = Math.min(cores, 4) - 1
  if (extra > 0) warmReplicas(backend, extra)
}

/** Resolves once every warm replica kept for `backend` has booted (at once if none are kept). */
export async function replicasWarm(backend: Backend): Promise<void> {
  const list = () => idle.get(backend) ?? []
  while (list().length < (wanted.get(backend) ?? 0) || !list().every((w) => booted.has(w)))
    await new Promise((resolve) => setTimeout(resolve, 20))
}

/** Idle replicas kept for `backend`, and how many of them have booted (diagnostics, tests). */
export function poolState(backend: Backend): { idle: number; booted: number } {
  const list = idle.get(backend) ?? []
  return { idle: list.length, booted: list.filter((w) => booted.has(w)).length }
}
