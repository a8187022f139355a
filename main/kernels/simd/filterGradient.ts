import type * as tf from '@tensorflow/tfjs'
import { f32, type BackendWasm, type TensorInfo } from '../wasm'
import type { SimdKernels } from './instance'

const TILE_ROWS = 4
const TILE_COLS = 8
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
  simd.filterGradient(
    address(backend, padded),
    address(backend, dyWide),
    address(backend, result),
    address(backend, offsets),
    rowsPadded,
    cols,
    cols * 4,
    n,
    oh,
    ow,
    hp * wp * pixel,
    strideHeight * wp * pixel,
    strideWidth * pixel,
  )
  if (result !== out) {
    const src = f32(backend, result)
    const dst = f32(backend, out)
    for (let r = 0; r < rows; r++) dst.set(src.subarray(r * cols, r * cols + co), r * co)
  }
  for (const t of temps) backend.disposeData(t.dataId)
  return out
}

/** The byte address of a tensor's data in the backend's memory. */
function address(backend: BackendWasm, t: TensorInfo): number {
  if (!backend.dataIdMap.has(t.dataId)) throw new Error('tensor not on the wasm backend')
  return backend.dataIdMap.get(t.dataId).memoryOffset
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
