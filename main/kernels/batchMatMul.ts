import type * as tf from '@tensorflow/tfjs'
import { runStockKernel, runWasmKernel, type BackendWasm, type WasmKernelArgs } from './wasm'

type Attrs = tf.BatchMatMulAttrs

/** The operand with its last two dimensions swapped, by the backend's Transpose kernel. */
function swapLast(backend: BackendWasm, t: tf.TensorInfo): tf.TensorInfo {
  const rank = t.shape.length
  const perm = [...Array(rank).keys()]
  perm[rank - 2] = rank - 1
  perm[rank - 1] = rank - 2
  return runWasmKernel('Transpose', backend, { x: t }, { perm })
}

/**
 * BatchMatMul for the wasm backend: its XNNPACK kernel is many times slower when asked to transpose
 * an operand (every dense layer's weight and input gradients do), so the operand is transposed
 * first (a copy, linear in its size) and the product runs untransposed.
 */
export function batchMatMul({
  inputs,
  backend,
  attrs,
}: WasmKernelArgs<'a' | 'b', Attrs>): tf.TensorInfo {
  const a = attrs.transposeA ? swapLast(backend, inputs.a) : inputs.a
  const b = attrs.transposeB ? swapLast(backend, inputs.b) : inputs.b
  const out = runStockKernel(
    'BatchMatMul',
    backend,
    { a, b },
    { transposeA: false, transposeB: false },
  )
  if (a !== inputs.a) backend.disposeData(a.dataId)
  if (b !== inputs.b) backend.disposeData(b.dataId)
  return out
}
