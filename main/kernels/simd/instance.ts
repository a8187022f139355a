import type { BackendWasm } from '../wasm'
import { WASM_BASE64 as COLUMN_SUM } from './columnSum.wasm'
import { WASM_BASE64 as FILTER_GRADIENT } from './filterGradient.wasm'
import { WASM_BASE64 as POOL_GRADIENT } from './poolGradient.wasm'

/**
 * Our WebAssembly SIMD kernels, instantiated on the wasm backend's own memory. See each one's
 * .wat for its contract; every argument is an i32 (addresses in bytes).
 */
export interface SimdKernels {
  readonly filterGradient: (...args: FilterGradientArgs) => void
  /** x, out, rows, cols. */
  readonly columnSum: (x: number, out: number, rows: number, cols: number) => void
  /** x, dy, dx, n, oh, ow, inH, inW, C. */
  readonly maxPool2x2Gradient: (...args: PoolGradientArgs) => void
}

export type PoolGradientArgs = [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
]

/** x, dy, out, offs, rows, cols, dyStride, n, oh, ow, imgStride, rowStride, colStride, accumulate. */
export type FilterGradientArgs = [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
]

const instances = new WeakMap<WebAssembly.Memory, SimdKernels | null>()

/**
 * The SIMD kernels for this backend, or undefined where they cannot run: a runtime without
 * WebAssembly SIMD, or a backend whose memory is not reachable (another tfjs-backend-wasm
 * build). Callers then take their portable path. Set LATENT_STUDIO_SIMD_KERNELS=0 to force that.
 */
export function simdKernels(backend: BackendWasm): SimdKernels | undefined {
  if (process.env.LATENT_STUDIO_SIMD_KERNELS === '0') return undefined
  const memory = backendMemory(backend)
  if (!memory) return undefined
  let kernels = instances.get(memory)
  if (kernels === undefined) {
    kernels = instantiate(memory)
    instances.set(memory, kernels)
  }
  return kernels ?? undefined
}

/** The emscripten module's memory (`asm.memory`; newer emscripten names it `wasmExports`). */
function backendMemory(backend: BackendWasm): WebAssembly.Memory | undefined {
  for (const key of ['asm', 'wasmExports']) {
    const exports: unknown = Reflect.get(backend.wasm, key)
    if (typeof exports !== 'object' || exports === null) continue
    const memory: unknown = Reflect.get(exports, 'memory')
    if (memory instanceof WebAssembly.Memory) return memory
  }
  return undefined
}

function instantiate(memory: WebAssembly.Memory): SimdKernels | null {
  try {
    const filterGradient = exported(FILTER_GRADIENT, 'filterGradient', memory)
    const columnSum = exported(COLUMN_SUM, 'columnSum', memory)
    const maxPool2x2Gradient = exported(POOL_GRADIENT, 'maxPool2x2Gradient', memory)
    return {
      filterGradient: filterGradient as SimdKernels['filterGradient'],
      columnSum: columnSum as SimdKernels['columnSum'],
      maxPool2x2Gradient: maxPool2x2Gradient as SimdKernels['maxPool2x2Gradient'],
    }
  } catch {
    // No SIMD in this runtime, or a shared (threaded) memory the modules do not declare.
    return null
  }
}

/** One module's function, the module instantiated on `memory`. */
function exported(base64: string, name: string, memory: WebAssembly.Memory): CallableFunction {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } })
  const fn = instance.exports[name]
  if (typeof fn !== 'function') throw new Error(`${name} is not exported`)
  return fn
}
