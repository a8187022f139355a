import type * as tf from '@tensorflow/tfjs'
import { f32, heapAddress, type BackendWasm, type TensorInfo } from '../wasm'
import type { SimdKernels } from './instance'
import { cutRows, inImageBlocks, padded, roundUp, Scratch, tapOffsets } from './operands'

const TILE_TAPS = 4

/** Whether depthwise.wat takes this convolution: multiplier 1, channels a multiple of 4. */
export const simdDepthwiseFits = (info: tf.backend_util.Conv2DInfo): boolean =>
  info.outChannels === info.inChannels &&
  info.inChannels % 4 === 0 &&
  info.batchSize * info.outHeight * info.outWidth > 0

/**
 * dW[fh, fw, c] = Σ x[b, ih, iw, c] · dy[b, oh, ow, c] on the SIMD kernel: x zero-padded, taps
 * as offsets, a few images per call (each call adding to the last one's sums).
 */
export function simdDepthwiseFilterGradient(
  simd: SimdKernels,
  backend: BackendWasm,
  x: TensorInfo,
  dy: TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  filterShape: readonly number[],
): TensorInfo {
  const { batchSize: n, inHeight, inWidth, inChannels: C, outHeight: oh, outWidth: ow } = info
  const { strideHeight, strideWidth, filterHeight: kh, filterWidth: kw } = info
  const pad = info.padInfo
  const hp = inHeight + pad.top + pad.bottom
  const wp = inWidth + pad.left + pad.right
  const taps = kh * kw
  const tapsPadded = roundUp(taps, TILE_TAPS)
  const out = backend.makeOutput([...filterShape], 'float32')
  const scratch = new Scratch(backend)
  const result = tapsPadded !== taps ? scratch.make([tapsPadded, C]) : out
  const offsets = scratch.make([tapsPadded], 'int32')
  const xPadded = padded(backend, scratch, x, [n, inHeight, inWidth, C], pad)
  tapOffsets(offsets, backend, [kh, kw, wp, C], 1)
  const pixel = C * 4
  const imageBytes = hp * wp * pixel
  const dyImageBytes = oh * ow * pixel
  const [xBase, dyBase] = [heapAddress(backend, xPadded), heapAddress(backend, dy)]
  const [outAt, offsAt] = [heapAddress(backend, result), heapAddress(backend, offsets)]
  inImageBlocks(n, imageBytes + dyImageBytes, (b, count, accumulate) => {
    simd.depthwiseFilterGradient(
      xBase + b * imageBytes,
      dyBase + b * dyImageBytes,
      outAt,
      offsAt,
      tapsPadded,
      C,
      count,
      oh,
      ow,
      imageBytes,
      strideHeight * wp * pixel,
      strideWidth * pixel,
      accumulate,
    )
  })
  if (result !== out) cutRows(f32(backend, result), f32(backend, out), taps * C, tapsPadded * C)
  scratch.free()
  return out
}

/**
 * dx of a stride-1 depthwise convolution: itself a depthwise convolution, of dy padded by
 * (k − 1 − the forward padding) with the filter flipped, on the SIMD kernel.
 */
export function simdDepthwiseInputGradient(
  simd: SimdKernels,
  backend: BackendWasm,
  dy: TensorInfo,
  filter: TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): TensorInfo {
  const { batchSize: n, inHeight, inWidth, inChannels: C, outHeight: oh, outWidth: ow } = info
  const { filterHeight: kh, filterWidth: kw } = info
  const { top, bottom, left, right } = info.padInfo
  const out = backend.makeOutput([n, inHeight, inWidth, C], 'float32')
  const scratch = new Scratch(backend)
  const flipped = scratch.make([kh * kw, C])
  const offsets = scratch.make([kh * kw], 'int32')
  const pad = {
    top: kh - 1 - top,
    bottom: kh - 1 - bottom,
    left: kw - 1 - left,
    right: kw - 1 - right,
  }
  const dyPadded = padded(backend, scratch, dy, [n, oh, ow, C], pad)
  const wp = pad.left + ow + pad.right
  const hp = pad.top + oh + pad.bottom
  const [w, wf] = [f32(backend, filter), f32(backend, flipped)]
  const taps = kh * kw
  for (let t = 0; t < taps; t++) wf.set(w.subarray((taps - 1 - t) * C, (taps - t) * C), t * C)
  tapOffsets(offsets, backend, [kh, kw, wp, C], 1)
  simd.depthwiseConv(
    heapAddress(backend, dyPadded),
    heapAddress(backend, flipped),
    heapAddress(backend, out),
    heapAddress(backend, offsets),
    taps,
    C,
    n,
    inHeight,
    inWidth,
    hp * wp * C * 4,
    wp * C * 4,
    C * 4,
  )
  scratch.free()
  return out
}
