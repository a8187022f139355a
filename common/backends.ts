/**
 * What the renderer and the engine know of each engine backend: its name, how a user sees it,
 * whether it runs on a GPU, how it uses the machine's cores and where its tensors live. No tfjs
 * import (the API contract uses these names); how the engine starts each one and which kernels it
 * registers for it is `main/tfjs/backend.ts`, a table of the same names.
 */
export interface BackendSpec {
  readonly label: string
  readonly gpu: boolean
  /**
   * `replicas`: one thread per op, so the engine trains in data-parallel replica threads;
   * `native`: the backend threads on its own (libtensorflow, a GPU).
   */
  readonly threading: 'replicas' | 'native'
  /** Where tensors live: the engine process's memory, or a device's (a GPU's). */
  readonly memory: 'host' | 'device'
  /** The name tfjs registers it under (both native packages register `tensorflow`). */
  readonly tfjsName: string
}

/** Engine backends, fastest first; `auto` takes the first that works here. */
export const BACKENDS = ['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'] as const
export type BackendName = (typeof BACKENDS)[number]

export const BACKEND_SPECS = {
  'tensorflow-gpu': {
    label: 'TensorFlow, CUDA GPU (libtensorflow)',
    gpu: true,
    threading: 'native',
    memory: 'device',
    tfjsName: 'tensorflow',
  },
  webgpu: {
    label: 'WebGPU (Vulkan, Metal, D3D12 through Dawn)',
    gpu: true,
    threading: 'native',
    memory: 'device',
    tfjsName: 'webgpu',
  },
  tensorflow: {
    label: 'TensorFlow, CPU (libtensorflow)',
    gpu: false,
    threading: 'native',
    memory: 'host',
    tfjsName: 'tensorflow',
  },
  wasm: {
    label: 'WebAssembly',
    gpu: false,
    threading: 'replicas',
    memory: 'host',
    tfjsName: 'wasm',
  },
  cpu: {
    label: 'JavaScript (reference)',
    gpu: false,
    threading: 'replicas',
    memory: 'host',
    tfjsName: 'cpu',
  },
} as const satisfies Record<BackendName, BackendSpec>

/** The backends the engine trains on in replica threads. */
export type ReplicaBackend = {
  [K in BackendName]: (typeof BACKEND_SPECS)[K]['threading'] extends 'replicas' ? K : never
}[BackendName]

/** Whether a backend (by name, as a run reports it) trains in replica threads. */
export const trainsInReplicas = (name: string): name is ReplicaBackend =>
  BACKENDS.some((b) => b === name && BACKEND_SPECS[b].threading === 'replicas')
