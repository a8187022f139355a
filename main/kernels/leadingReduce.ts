import * as tf from '@tensorflow/tfjs'
import { simdKernels } from './simd/instance'
import { f32, heapAddress, runStockKernel, type WasmKernelArgs } from './wasm'

type Reduction = 'Sum' | 'Mean'

/**
 * Sum and Mean over leading axes (a bias gradient sums dy over all but the channels; batch
 * normalization's statistics are means over the same axes) as column sums on our SIMD kernel.
 * The stock kernels first transpose the whole input to make those axes innermost. Every other
 * reduction is the stock kernel's.
 */
function leadingReduce(name: Reduction, args: WasmKernelArgs<'x', tf.SumAttrs>) {
  const { inputs, backend, attrs } = args
  const { x } = inputs
  const rank = x.shape.length
  const axes = tf.util.parseAxisParam(attrs.axis, x.shape).sort((a, b) => a - b)
  const leading = axes.length < rank && axes.every((a, i) => a === i)
  const cols = tf.util.sizeFromShape(x.shape.slice(axes.length))
  const simd = simdKernels(backend)
  if (!simd || x.dtype !== 'float32' || !leading || cols % 4 !== 0)
    return runStockKernel(name, backend, { x }, attrs)
  const rows = tf.util.sizeFromShape(x.shape.slice(0, axes.length))
  const kept = x.shape.slice(axes.length)
  const out = backend.makeOutput(attrs.keepDims ? [...axes.map(() => 1), ...kept] : kept, 'float32')
  const values = () => f32(backend, out)
  // Nothing to reduce: 0 for both, as on tfjs's cpu backend.
  if (rows === 0) values().fill(0)
  else {
    simd.columnSum(heapAddress(backend, x), heapAddress(backend, out), rows, cols)
    if (name === 'Mean') {
      const v = values()
      for (let i = 0; i < v.length; i++) v[i] = (v[i] ?? 0) / rows
    }
  }
  return out
}

export const sum = (args: WasmKernelArgs<'x', tf.SumAttrs>) => leadingReduce('Sum', args)
export const mean = (args: WasmKernelArgs<'x', tf.MeanAttrs>) => leadingReduce('Mean', args)
