import type * as tf from '@tensorflow/tfjs'
import type { WasmKernelArgs } from './wasm'

type Attrs = tf.TileAttrs

/**
 * Tile for the wasm backend, replacing its stock kernel (an index computation per element, the
 * slowest step of batch-norm gradients): the first copy of each dimension is built from the one
 * inside it, then repeated with block copies.
 */
export function tile({ inputs, backend, attrs }: WasmKernelArgs<'x', Attrs>): tf.TensorInfo {
  const { x } = inputs
  const inShape = x.shape
  const reps = attrs.reps
  const outShape = inShape.map((d, i) => d * (reps[i] ?? 1))
  const out = backend.makeOutput(outShape, x.dtype)
  const src = backend.typedArrayFromHeap(x)
  const dst = backend.typedArrayFromHeap(out)
  const rank = inShape.length
  if (rank === 0 || dst.length === 0) {
    if (dst.length) dst[0] = src[0] ?? 0
    return out
  }
  const inStrides = strides(inShape)
  const outStrides = strides(outShape)
  const fill = (dim: number, inAt: number, outAt: number): void => {
    const n = inShape[dim] ?? 1
    const r = reps[dim] ?? 1
    if (dim === rank - 1) {
      for (let k = 0; k < r; k++) {
        const o = outAt + k * n
        if (n < 16) for (let i = 0; i < n; i++) dst[o + i] = src[inAt + i] ?? 0
        else dst.set(src.subarray(inAt, inAt + n), o)
      }
      return
    }
    const inStride = inStrides[dim] ?? 1
    const outStride = outStrides[dim] ?? 1
    for (let i = 0; i < n; i++) fill(dim + 1, inAt + i * inStride, outAt + i * outStride)
    const block = n * outStride
    for (let k = 1; k < r; k++) dst.copyWithin(outAt + k * block, outAt, outAt + block)
  }
  fill(0, 0, 0)
  return out
}

const strides = (shape: readonly number[]): number[] => {
  const s = Array<number>(shape.length).fill(1)
  for (let i = shape.length - 2; i >= 0; i--) s[i] = (s[i + 1] ?? 1) * (shape[i + 1] ?? 1)
  return s
}
