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

/** Runs the wasm backend's own BatchMatMul kernel (XNNPACK) on rank-3 operands. */
export function wasmMatMul(
  backend: BackendWasm,
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
): TensorInfo {
  const kernel = tf.getKernelsForBackend('wasm').find((k) => k.kernelName === 'BatchMatMul')
  if (!kernel) throw new Error('the wasm backend has no BatchMatMul kernel')
  const out = kernel.kernelFunc({ inputs: { a, b }, backend, attrs: { transposeA, transposeB } })
  if (Array.isArray(out)) throw new Error('BatchMatMul returned several tensors')
  return out
}

/** Normalizes a [h, w] | n attribute. */
export const pair = (v: number | readonly [number, number]): [number, number] =>
  typeof v === 'number' ? [v, v] : [v[0], v[1]]
