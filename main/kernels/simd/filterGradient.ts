import type * as tf from '@tensorflow/tfjs'
import { f32, heapAddress, type BackendWasm, type TensorInfo } from '../wasm'
import type { SimdKernels } from './instance'
import { cutRows, inImageBlocks, padded, roundUp, Scratch, tapOffsets, widenRows } from './operands'

const TILE_ROWS = 4
const TILE_COLS = 8

/**
 * dW of an NHWC convolution on the SIMD kernel (filterGradient.wat): dy is read where it lies,
 * x is copied only when the convolution pads it, and the taps are a table of offsets into it.
 * Output channels that are not a multiple of 8 and taps that are not a multiple of 4 are
 * computed into a padded scratch and cut. A few images per call (CACHE_BYTES), each call adding
 * to the last one's sums.
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
  const pad = info.padInfo
  const out = backend.makeOutput([...filterShape], 'float32')
  if (n * oh * ow === 0) {
    f32(backend, out).fill(0)
    return out
  }
  const hp = inHeight + pad.top + pad.bottom
  const wp = inWidth + pad.left + pad.right
  const rows = kh * kw * ci
  const rowsPadded = roundUp(rows, TILE_ROWS)
  const cols = roundUp(co, TILE_COLS)
  const scratch = new Scratch(backend)
  const dyWide = cols !== co ? scratch.make([n * oh * ow, cols]) : dy
  const result = rowsPadded !== rows || cols !== co ? scratch.make([rowsPadded, cols]) : out
  const offsets = scratch.make([rowsPadded], 'int32')
  const xPadded = padded(backend, scratch, x, [n, inHeight, inWidth, ci], pad)
  // Views only now: each allocation may have grown the heap.
  if (dyWide !== dy) widenRows(f32(backend, dy), f32(backend, dyWide), co, cols)
  tapOffsets(offsets, backend, [kh, kw, wp, ci], ci)
  const pixel = ci * 4
  const imageBytes = hp * wp * pixel
  const dyImageBytes = oh * ow * cols * 4
  const [xBase, dyBase] = [heapAddress(backend, xPadded), heapAddress(backend, dyWide)]
  const [outAt, offsAt] = [heapAddress(backend, result), heapAddress(backend, offsets)]
  inImageBlocks(n, imageBytes + dyImageBytes, (b, count, accumulate) => {
    simd.filterGradient(
      xBase + b * imageBytes,
      dyBase + b * dyImageBytes,
      outAt,
      offsAt,
      rowsPadded,
      cols,
      cols * 4,
      count,
      oh,
      ow,
      imageBytes,
      strideHeight * wp * pixel,
      strideWidth * pixel,
      accumulate,
    )
  })
  if (result !== out)
    cutRows(f32(backend, result), f32(backend, out).subarray(0, rows * co), co, cols)
  scratch.free()
  return out
}
