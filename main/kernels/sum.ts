import * as tf from '@tensorflow/tfjs'
import { simdKernels } from './simd/instance'
import { f32, heapAddress, wasmKernel, type WasmKernelArgs } from './wasm'

/** The wasm backend's own kernel, captured before ours takes its name. */
let stock: tf.KernelConfig | null = null

export function captureStockSum(): tf.KernelConfig {
  stock ??= wasmKernel('Sum')
  return stock
}

/**
 * Sum for the wasm backend. Summing over leading axes (every bias gradient: dy summed over all
 * but the channels) runs as column sums on our SIMD kernel; the stock kernel first transposes
 * the whole input to make those axes innermost. Every other sum is the stock kernel's.
 */
export function sum(args: WasmKernelArgs<'x', tf.SumAttrs>): tf.TensorInfo | tf.TensorInfo[] {
  const { inputs, backend, attrs } = args
  const { x } = inputs
  const rank = x.shape.length
  const axes = tf.util.parseAxisParam(attrs.axis, x.shape).sort((a, b) => a - b)
  const leading = axes.length < rank && axes.every((a, i) => a === i)
  const cols = tf.util.sizeFromShape(x.shape.slice(axes.length))
  const simd = simdKernels(backend)
  if (!simd || x.dtype !== 'float32' || !leading || cols % 4 !== 0)
    return captureStockSum().kernelFunc({ inputs: { x }, backend, attrs: { ...attrs } })
  const rows = tf.util.sizeFromShape(x.shape.slice(0, axes.length))
  const kept = x.shape.slice(axes.length)
  const out = backend.makeOutput(attrs.keepDims ? [...axes.map(() => 1), ...kept] : kept, 'float32')
  if (rows === 0) f32(backend, out).fill(0)
  else simd.columnSum(heapAddress(backend, x), heapAddress(backend, out), rows, cols)
  return out
}
