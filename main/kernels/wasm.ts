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

/** The kernel registered for the wasm backend under `name` (tfjs's types claim it always exists). */
export function wasmKernel(name: string): tf.KernelConfig {
  const kernel = tf.getKernelsForBackend('wasm').find((k) => k.kernelName === name)
  if (!kernel) throw new Error(`the wasm backend has no ${name} kernel`)
  return kernel
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

/** Normalizes a [h, w] | n attribute. */
export const pair = (v: number | readonly [number, number]): [number, number] =>
  typeof v === 'number' ? [v, v] : [v[0], v[1]]
