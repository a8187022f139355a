import * as tf from '@tensorflow/tfjs'
import type { WasmKernelArgs } from './wasm'

type Attrs = tf.BatchMatMulAttrs

/** The wasm backend's own kernel, captured before ours takes its name. */
let stock: tf.KernelConfig | null = null

export function captureStockBatchMatMul(): tf.KernelConfig {
  stock ??= tf.getKernel('BatchMatMul', 'wasm') ?? null
  if (!stock) throw new Error('the wasm backend has no BatchMatMul kernel')
  return stock
}

function runStock(args: {
  inputs: { a: tf.TensorInfo; b: tf.TensorInfo }
  backend: WasmKernelArgs<'a', Attrs>['backend']
  attrs: { transposeA: boolean; transposeB: boolean }
}): tf.TensorInfo {
  const out = captureStockBatchMatMul().kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0])
  if (Array.isArray(out)) throw new Error('BatchMatMul returned several tensors')
  return out
}

/** The operand with its last two dimensions swapped, by the backend's Transpose kernel. */
function swapLast(backend: WasmKernelArgs<'a', Attrs>['backend'], t: tf.TensorInfo): tf.TensorInfo {
  const transpose = tf.getKernel('Transpose', 'wasm')
  if (!transpose) throw new Error('the wasm backend has no Transpose kernel')
  const rank = t.shape.length
  const perm = [...Array(rank).keys()]
  perm[rank - 2] = rank - 1
  perm[rank - 1] = rank - 2
  const out = transpose.kernelFunc({ inputs: { x: t }, backend, attrs: { perm } })
  if (Array.isArray(out)) throw new Error('Transpose returned several tensors')
  return out
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
  const { transposeA, transposeB } = attrs
  if (!transposeA && !transposeB) return runStock({ inputs, backend, attrs })
  const a = transposeA ? swapLast(backend, inputs.a) : inputs.a
  const b = transposeB ? swapLast(backend, inputs.b) : inputs.b
  const out = runStock({
    inputs: { a, b },
    backend,
    attrs: { transposeA: false, transposeB: false },
  })
  if (a !== inputs.a) backend.disposeData(a.dataId)
  if (b !== inputs.b) backend.disposeData(b.dataId)
  return out
}
