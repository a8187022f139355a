import * as tf from '@tensorflow/tfjs'
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm'

export type TensorInfo = tf.TensorInfo
export type { BackendWasm }

/** Arguments tfjs passes to a kernel function, typed for the wasm backend. */
export interface WasmKernelArgs<I extends string, A> {
  readonly inputs: Readonly<Record<I, TensorInfo>>
  readonly backend: BackendWasm
  readonly attrs: A
}

/** A float32 view of a tensor in the wasm heap. Take views after every allocation: the heap may grow. */
export function f32(backend: BackendWasm, t: TensorInfo): Float32Array {
  const view = backend.typedArrayFromHeap(t)
  if (!(view instanceof Float32Array)) throw new Error(`expected a float32 tensor, got ${t.dtype}`)
  return view
}

/** The byte address of a tensor's data in the backend's memory (for our SIMD kernels). */
export function heapAddress(backend: BackendWasm, t: TensorInfo): number {
  if (!backend.dataIdMap.has(t.dataId)) throw new Error('tensor not on the wasm backend')
  return backend.dataIdMap.get(t.dataId).memoryOffset
}

/** The kernel registered for the wasm backend under `name` (tfjs's types claim it always exists). */
export function wasmKernel(name: string): tf.KernelConfig {
  const kernel = registered(name)
  if (!kernel) throw new Error(`the wasm backend has no ${name} kernel`)
  return kernel
}

/** A map lookup (kernels run it every step), typed as what tfjs returns for a missing kernel. */
const registered = (name: string): tf.KernelConfig | undefined => tf.getKernel(name, 'wasm')

/** The wasm backend's own kernels, captured (by registerWasmKernels) before ours take their names. */
const stock = new Map<string, tf.KernelConfig>()

/** The stock kernel `name`: captured the first time, before ours replaces it. */
export function stockKernel(name: string): tf.KernelConfig {
  let kernel = stock.get(name)
  if (!kernel) {
    kernel = wasmKernel(name)
    stock.set(name, kernel)
  }
  return kernel
}

/** Runs the stock kernel `name` (one output). */
export function runStockKernel(
  name: string,
  backend: BackendWasm,
  inputs: Record<string, TensorInfo>,
  attrs: object,
): TensorInfo {
  const out = stockKernel(name).kernelFunc({ inputs, backend, attrs: { ...attrs } })
  if (Array.isArray(out)) throw new Error(`${name} returned several tensors`)
  return out
}

/** Runs the wasm kernel registered under `name` on tensors of the backend; one output. */
export function runWasmKernel(
  name: string,
  backend: BackendWasm,
  inputs: Record<string, TensorInfo>,
  attrs: Record<string, unknown>,
): TensorInfo {
  const out = wasmKernel(name).kernelFunc({ inputs, backend, attrs: attrs as tf.NamedAttrMap })
  if (Array.isArray(out)) throw new Error(`${name} returned several tensors`)
  return out
}

/** Runs the BatchMatMul registered for wasm (ours, then XNNPACK) on rank-3 operands. */
export function wasmMatMul(
  backend: BackendWasm,
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
): TensorInfo {
  return runWasmKernel('BatchMatMul', backend, { a, b }, { transposeA, transposeB })
}

/** A stride-1 NHWC convolution with explicit padding on the backend's XNNPACK kernel. */
export function wasmConv2d(
  backend: BackendWasm,
  x: TensorInfo,
  filter: TensorInfo,
  pad: tf.backend_util.ExplicitPadding,
): TensorInfo {
  return runWasmKernel(
    'Conv2D',
    backend,
    { x, filter },
    { strides: 1, pad, dataFormat: 'NHWC', dilations: 1 },
  )
}

/** Normalizes a [h, w] | n attribute. */
export const pair = (v: number | readonly [number, number]): [number, number] =>
  typeof v === 'number' ? [v, v] : [v[0], v[1]]
