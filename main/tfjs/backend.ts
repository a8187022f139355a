import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { err, ok, type Result } from '../../common/graph/result'
import { registerWasmKernels, wasmKernelsNote } from '../kernels'
import { registerCpuKernels } from '../kernels/cpuResizeNearestGrad'
import { registerNadamUpdate } from '../train/nadamKernel'
import { adapterText, findAdapter, startWebgpu, takeDeviceFault } from './webgpu'
import {
  BACKEND_SPECS,
  BACKENDS,
  type BackendName,
  type ReplicaBackend,
} from '../../common/backends'

export { BACKENDS, type BackendName }

export interface BackendAttempt {
  readonly name: BackendName
  readonly ok: boolean
  /** Why it is not used, in words a user can act on. */
  readonly reason?: string
  /** How it runs, when that matters for speed (the wasm backend: with our SIMD kernels or not). */
  readonly note?: string
  /** A word for lists beside the name: webgpu's adapter (its vendor, or "software"). */
  readonly tag?: string
}

export interface BackendChoice {
  readonly name: BackendName
  readonly attempts: readonly BackendAttempt[]
}

const why = (e: unknown): string =>
  e instanceof Error ? (e.message.split('\n')[0] ?? e.message) : String(e)

/** Imports an optional package by a computed name, so that type-checking never needs it installed. */
async function importOptional(pkg: string): Promise<void> {
  await import(/* @vite-ignore */ pkg)
}

async function tryNative(gpu: boolean): Promise<string | null> {
  const pkg = gpu ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node'
  try {
    await importOptional(pkg)
  } catch (e) {
    return `${pkg} is not usable (${why(e)}); it needs libtensorflow 2.9.1, which its install downloads on machines with internet access${gpu ? ', and CUDA 11.2 with cuDNN 8.1 (Linux or Windows x64; not CUDA 12): on current GPUs use --backend webgpu' : ''}`
  }
  if (!(await tf.setBackend('tensorflow')))
    return `${pkg} loaded but its backend did not initialize`
  if (gpu) {
    const usesGpu = (tf.backend() as { isUsingGpuDevice?: boolean }).isUsingGpuDevice === true
    if (!usesGpu) return `${pkg} loaded but sees no CUDA GPU`
  }
  return null
}

/**
 * How the engine starts each backend and which kernels it registers for it (what the renderer also
 * knows of each, its label, GPU, threading and memory, is `common/backends.ts`). `start` answers
 * null when the backend runs, else why not, in words a user can act on.
 */
const ENGINE_BACKENDS: {
  readonly [K in BackendName]: {
    start(): Promise<string | null>
    /** How it runs, when that matters for speed (the wasm backend: with our SIMD kernels or not). */
    note?(): Promise<string> | string
    /**
     * An error the backend reported since the last call and no operation threw (a GPU's
     * uncaptured error), or null; taking it clears it. Backends whose failures throw have none.
     */
    fault?(): string | null
  }
} = {
  'tensorflow-gpu': { start: () => tryNative(true) },
  webgpu: {
    start: startWebgpu,
    fault: takeDeviceFault,
    note: async () => {
      const r = await findAdapter()
      return 'adapter' in r ? `adapter: ${adapterText(r.adapter)}` : r.error
    },
  },
  tensorflow: { start: () => tryNative(false) },
  wasm: {
    start: async () => {
      registerWasmKernels()
      registerNadamUpdate('wasm')
      return (await tf.setBackend('wasm')) ? null : 'the WebAssembly backend did not initialize'
    },
    note: wasmKernelsNote,
  },
  cpu: {
    start: async () => {
      registerCpuKernels()
      registerNadamUpdate('cpu')
      return (await tf.setBackend('cpu')) ? null : 'the pure-JS backend did not initialize'
    },
  },
}

async function tryBackend(name: BackendName): Promise<string | null> {
  try {
    return await ENGINE_BACKENDS[name].start()
  } catch (e) {
    return why(e)
  }
}

type Outcome = Result<BackendChoice, readonly BackendAttempt[]>
const chosen = new Map<string, Promise<Outcome>>()

/**
 * Picks the engine backend (once per request and process): the requested one, or the first of BACKENDS that works.
 * A requested backend that does not work is an error value (every attempt with its reason), not a
 * silent fallback.
 */
export async function initBackend(requested: BackendName | 'auto' = 'auto'): Promise<Outcome> {
  let outcome = chosen.get(requested)
  if (!outcome) {
    outcome = chooseBackend(requested)
    chosen.set(requested, outcome)
  }
  const result = await outcome
  // An earlier request may have switched tfjs to another backend since: switch back.
  if (result.ok && tf.getBackend() !== tfName(result.value.name)) {
    await tf.setBackend(tfName(result.value.name))
    await tf.ready()
  }
  return result
}

/** The fault a backend reported since the last call, if any (see ENGINE_BACKENDS' `fault`). */
export const takeBackendFault = (name: BackendName): string | null =>
  ENGINE_BACKENDS[name].fault?.() ?? null

const tfName = (name: BackendName) => BACKEND_SPECS[name].tfjsName

/**
 * What `auto` starts, fastest first. Not the GPU through WebGPU: whether it beats the CPU depends
 * on the graph (a small dense model trains faster on wasm), so each run that asks for `auto`
 * times both (see chooseRunBackend) and a run may name it.
 */
const AUTO = BACKENDS.filter((name) => name !== 'webgpu')

async function chooseBackend(requested: BackendName | 'auto'): Promise<Outcome> {
  const attempts: BackendAttempt[] = []
  for (const name of requested === 'auto' ? AUTO : [requested]) {
    const reason = await tryBackend(name)
    if (reason !== null) {
      attempts.push({ name, ok: false, reason })
      continue
    }
    await tf.ready()
    const note = await ENGINE_BACKENDS[name].note?.()
    attempts.push(note ? { name, ok: true, note } : { name, ok: true })
    return ok({ name, attempts })
  }
  return err(attempts)
}

/**
 * Every backend and whether it runs here (the backend list, `latent-studio backends`): the ones
 * `auto` tried, with their reasons, and the GPU adapter WebGPU would train on (probed without
 * switching to it); those `auto` did not need to try say so.
 */
export async function listBackends(): Promise<readonly BackendAttempt[]> {
  const choice = await initBackend('auto')
  const attempts = choice.ok ? choice.value.attempts : choice.error
  const gpu = await findAdapter()
  return BACKENDS.map((name): BackendAttempt => {
    if (name === 'webgpu')
      return 'error' in gpu
        ? { name, ok: false, reason: gpu.error }
        : {
            name,
            ok: true,
            tag: gpu.adapter.software ? 'software' : gpu.adapter.vendor,
            note: `adapter: ${adapterText(gpu.adapter)}; ${gpu.adapter.software ? 'a software adapter, far slower than the CPU backends: auto never takes it, --backend webgpu does' : 'auto times each run on it and on the CPU and trains on the faster; --backend webgpu forces it'}`,
          }
    return attempts.find((a) => a.name === name) ?? { name, ok: false, reason: 'not tried' }
  })
}

/** Test helper: switch backend within one process (tensors move between backends on access). */
export async function useBackend(name: ReplicaBackend): Promise<void> {
  const reason = await ENGINE_BACKENDS[name].start()
  if (reason !== null) throw new Error(`backend ${name} did not initialize: ${reason}`)
  await tf.ready()
}
