import type { BackendWasm } from '../wasm'
import { WASM_BASE64 as COLUMN_SUM } from './columnSum.wasm'
import { WASM_BASE64 as DEPTHWISE } from './depthwise.wasm'
import { WASM_BASE64 as FILTER_GRADIENT } from './filterGradient.wasm'
import { WASM_BASE64 as POOL_GRADIENT } from './poolGradient.wasm'
import { WASM_BASE64 as UPSAMPLE_GRADIENT } from './upsampleGradient.wasm'

/** Byte addresses and sizes, every one an i32. */
type I32 = number

/**
 * Our WebAssembly SIMD kernels, instantiated on the wasm backend's own memory. See each one's
 * .wat for its contract.
 */
export interface SimdKernels {
  readonly filterGradient: (
    ...args: [
      x: I32,
      dy: I32,
      out: I32,
      offs: I32,
      rows: I32,
      cols: I32,
      dyStride: I32,
      ...Grid,
      accumulate: I32,
    ]
  ) => void
  readonly columnSum: (x: I32, out: I32, rows: I32, cols: I32) => void
  readonly maxPool2x2Gradient: (
    ...args: [x: I32, dy: I32, dx: I32, n: I32, oh: I32, ow: I32, inH: I32, inW: I32, C: I32]
  ) => void
  readonly maxPoolGradient: (
    ...args: [
      x: I32,
      dy: I32,
      dx: I32,
      n: I32,
      inH: I32,
      inW: I32,
      C: I32,
      oh: I32,
      ow: I32,
      kh: I32,
      kw: I32,
      sh: I32,
      sw: I32,
      top: I32,
      left: I32,
    ]
  ) => void
  readonly depthwiseFilterGradient: (
    ...args: [x: I32, dy: I32, out: I32, offs: I32, taps: I32, C: I32, ...Grid, accumulate: I32]
  ) => void
  readonly upsampleGradient: (
    ...args: [dy: I32, dx: I32, n: I32, h: I32, w: I32, C: I32, kh: I32, kw: I32]
  ) => void
  readonly depthwiseConv: (
    ...args: [x: I32, w: I32, out: I32, offs: I32, taps: I32, C: I32, ...Grid]
  ) => void
}

/** The output positions walked and the input's byte strides along them. */
type Grid = [n: I32, oh: I32, ow: I32, imgStride: I32, rowStride: I32, colStride: I32]

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
    const filter = moduleExports(FILTER_GRADIENT, memory)
    const sums = moduleExports(COLUMN_SUM, memory)
    const pool = moduleExports(POOL_GRADIENT, memory)
    const depthwise = moduleExports(DEPTHWISE, memory)
    const upsample = moduleExports(UPSAMPLE_GRADIENT, memory)
    return {
      filterGradient: fn(filter, 'filterGradient') as SimdKernels['filterGradient'],
      columnSum: fn(sums, 'columnSum') as SimdKernels['columnSum'],
      maxPool2x2Gradient: fn(pool, 'maxPool2x2Gradient') as SimdKernels['maxPool2x2Gradient'],
      maxPoolGradient: fn(pool, 'maxPoolGradient') as SimdKernels['maxPoolGradient'],
      depthwiseFilterGradient: fn(
        depthwise,
        'depthwiseFilterGradient',
      ) as SimdKernels['depthwiseFilterGradient'],
      depthwiseConv: fn(depthwise, 'depthwiseConv') as SimdKernels['depthwiseConv'],
      upsampleGradient: fn(upsample, 'upsampleGradient') as SimdKernels['upsampleGradient'],
    }
  } catch {
    // No SIMD in this runtime, or a shared (threaded) memory the modules do not declare.
    return null
  }
}

/** A module's exports, instantiated on `memory`. */
function moduleExports(base64: string, memory: WebAssembly.Memory): WebAssembly.Exports {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
  return new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports
}

function fn(exports: WebAssembly.Exports, name: string): CallableFunction {
  const f = exports[name]
  if (typeof f !== 'function') throw new Error(`${name} is not exported`)
  return f
}
