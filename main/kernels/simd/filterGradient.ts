import type * as tf from '@tensorflow/tfjs'
import { f32, heapAddress, type BackendWasm, type TensorInfo } from '../wasm'
import type { SimdKernels } from './instance'

const TILE_ROWS = 4
const TILE_COLS = 8
/**
 * What the images of one kernel call may take (x and dy). Measured (conv-ae, DCGAN and diffusion
 * shapes): 64 KB is best from 32 KB to 1 MB; one call over the whole batch ran DCGAN's 5×5
 * gradient at half the speed.
 */
const CACHE_BYTES = 64 * 1024
const roundUp = (v: number, m: number) => Math.ceil(v / m) * m

/**
 * dW of an NHWC convolution on the SIMD kernel (filterGradient.wat): dy is read where it lies,
 * x is copied only when the convolution pads it, and the taps are a table of offsets into it.
 * Output channels that are not a multiple of 8 and taps that are not a multiple of 4 are
 * computed into a padded scratch and cut.
 */
export function simdFilterGradient(
  simd: SimdKernels,
  backend: BackendWasm,
  x: TensorInfo,
  dy: TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  filterShape: readonly number[],
): TensorInfo {
  const { batchSize: n, inHeight, inWidth, inChannels: ci, outHeight: oh, outWidth: ow } = info
  const { outChannels: co, strideHeight, strideWidth, filterHeight: kh, filterWidth: kw } = info
  const { top, left, bottom, right } = info.padInfo
  const out = backend.makeOutput([...filterShape], 'float32')
  if (n * oh * ow === 0) {
    f32(backend, out).fill(0)
    return out
  }
  const hp = inHeight + top + bottom
  const wp = inWidth + left + right
  const rows = kh * kw * ci
  const rowsPadded = roundUp(rows, TILE_ROWS)
  const cols = roundUp(co, TILE_COLS)
  const temps: TensorInfo[] = []
  const temp = (shape: number[], dtype: 'float32' | 'int32' = 'float32') => {
    const t = backend.makeOutput(shape, dtype)
    temps.push(t)
    return t
  }
  const padded = top + bottom + left + right > 0 ? temp([n, hp, wp, ci]) : x
  const dyWide = cols !== co ? temp([n * oh * ow, cols]) : dy
  const result = rowsPadded !== rows || cols !== co ? temp([rowsPadded, cols]) : out
  const offsets = temp([rowsPadded], 'int32')
  // Views only now: each allocation may have grown the heap.
  if (padded !== x) padInput(f32(backend, x), f32(backend, padded), info)
  if (dyWide !== dy) widenRows(f32(backend, dy), f32(backend, dyWide), co, cols)
  const offs = backend.typedArrayFromHeap(offsets)
  if (!(offs instanceof Int32Array)) throw new Error('expected an int32 tensor')
  for (let r = 0; r < rowsPadded; r++) {
    // Tap r = (fh, fw, c); the padding rows read the window's first value and are cut.
    const c = r % ci
    const tap = (r - c) / ci
    const fw = tap % kw
    const fh = (tap - fw) / kw
    offs[r] = r < rows ? ((fh * wp + fw) * ci + c) * 4 : 0
  }
  const pixel = ci * 4
  const imageBytes = hp * wp * pixel
  const dyImageBytes = oh * ow * cols * 4
  // A few images at a time, so that every tile's pass over them finds them in cache.
  const perCall = Math.max(1, Math.floor(CACHE_BYTES / (imageBytes + dyImageBytes)))
  const xBase = heapAddress(backend, padded)
  const dyBase = heapAddress(backend, dyWide)
  for (let b = 0; b < n; b += perCall)
    simd.filterGradient(
      xBase + b * imageBytes,
      dyBase + b * dyImageBytes,
      heapAddress(backend, result),
      heapAddress(backend, offsets),
      rowsPadded,
      cols,
      cols * 4,
      Math.min(perCall, n - b),
      oh,
      ow,
      imageBytes,
      strideHeight * wp * pixel,
      strideWidth * pixel,
      b > 0 ? 1 : 0,
    )
  if (result !== out) {
    const src = f32(backend, result)
    const dst = f32(backend, out)
    for (let r = 0; r < rows; r++) dst.set(src.subarray(r * cols, r * cols + co), r * co)
  }
  for (const t of temps) backend.disposeData(t.dataId)
  return out
}

/** x into its zero-padded frame [n, top + h + bottom, left + w + right, c]. */
function padInput(x: Float32Array, dst: Float32Array, info: tf.backend_util.Conv2DInfo): void {
  const { batchSize, inHeight, inWidth, inChannels } = info
  const { top, left, bottom, right } = info.padInfo
  const rowLen = inWidth * inChannels
  const dstRow = (left + inWidth + right) * inChannels
  const dstImage = (top + inHeight + bottom) * dstRow
  dst.fill(0)
  for (let b = 0; b < batchSize; b++)
    for (let h = 0; h < inHeight; h++) {
      const src = (b * inHeight + h) * rowLen
      dst.set(x.subarray(src, src + rowLen), b * dstImage + (top + h) * dstRow + left * inChannels)
    }
}

/** Rows of `width` values into rows of `wide` (the rest 0). */
function widenRows(src: Float32Array, dst: Float32Array, width: number, wide: number): void {
  dst.fill(0)
  const rows = src.length / width
  for (let r = 0; r < rows; r++) dst.set(src.subarray(r * width, r * width + width), r * wide)
}
