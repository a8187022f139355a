import * as tf from '@tensorflow/tfjs'
import { simdKernels } from './simd/instance'
import { f32, heapAddress, type WasmKernelArgs } from './wasm'

type Attrs = tf.MaxPoolGradAttrs

/**
 * The max-pooling gradient for the wasm backend, replacing its stock kernel: each output's
 * gradient goes to the first input position holding the window's maximum (as on tfjs's cpu
 * backend and in TensorFlow). With channels a multiple of 4 it runs on our SIMD kernels
 * (simd/poolGradient.wat): one for the chapter's 2×2 pooling, one for any window.
 */
export function maxPoolGrad({
  inputs,
  backend,
  attrs,
}: WasmKernelArgs<'dy' | 'input' | 'output', Attrs>): tf.TensorInfo {
  const { dy, input } = inputs
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  )
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth } = info
  const { strideHeight, strideWidth, filterHeight, filterWidth } = info
  const { top, left } = info.padInfo
  const dx = backend.makeOutput([...input.shape], 'float32')
  const xv = f32(backend, input)
  const gv = f32(backend, dy)
  const dv = f32(backend, dx)
  const C = inChannels
  const simd = simdKernels(backend)
  if (filterHeight === 2 && filterWidth === 2 && strideHeight === 2 && strideWidth === 2)
    if (top === 0 && left === 0 && 2 * outHeight <= inHeight && 2 * outWidth <= inWidth) {
      // The SIMD kernel writes all four inputs of every window; only a last odd row or column
      // is left, which gets no gradient. The JS loop writes the winners alone.
      const onSimd = simd && C % 4 === 0 && batchSize * outHeight * outWidth > 0
      if (!onSimd || 2 * outHeight < inHeight || 2 * outWidth < inWidth) dv.fill(0)
      if (onSimd)
        simd.maxPool2x2Gradient(
          heapAddress(backend, input),
          heapAddress(backend, dy),
          heapAddress(backend, dx),
          batchSize,
          outHeight,
          outWidth,
          inHeight,
          inWidth,
          C,
        )
      else pool2x2Grad(xv, gv, dv, [batchSize, inHeight, inWidth, C], [outHeight, outWidth])
      return dx
    }
  dv.fill(0)
  if (simd && C % 4 === 0 && batchSize * outHeight * outWidth > 0) {
    simd.maxPoolGradient(
      heapAddress(backend, input),
      heapAddress(backend, dy),
      heapAddress(backend, dx),
      batchSize,
      inHeight,
      inWidth,
      C,
      outHeight,
      outWidth,
      filterHeight,
      filterWidth,
      strideHeight,
      strideWidth,
      top,
      left,
    )
    return dx
  }
  // Per output pixel, the window is scanned row by row with the channels innermost (contiguous),
  // keeping each channel's running maximum and where it is.
  const best = new Float32Array(C)
  const at = new Int32Array(C)
  let o = 0
  for (let b = 0; b < batchSize; b++) {
    const xb = b * inHeight * inWidth
    for (let oh = 0; oh < outHeight; oh++) {
      const h0 = Math.max(0, oh * strideHeight - top)
      const h1 = Math.min(inHeight, oh * strideHeight - top + filterHeight)
      for (let ow = 0; ow < outWidth; ow++, o += C) {
        const w0 = Math.max(0, ow * strideWidth - left)
        const w1 = Math.min(inWidth, ow * strideWidth - left + filterWidth)
        if (h0 >= h1 || w0 >= w1) continue
        const first = (xb + h0 * inWidth + w0) * C
        for (let c = 0; c < C; c++) {
          best[c] = xv[first + c] ?? -Infinity
          at[c] = first + c
        }
        for (let h = h0; h < h1; h++)
          for (let w = h === h0 ? w0 + 1 : w0; w < w1; w++) {
            const base = (xb + h * inWidth + w) * C
            for (let c = 0; c < C; c++) {
              const v = xv[base + c] ?? -Infinity
              if (v > (best[c] ?? Infinity)) {
                best[c] = v
                at[c] = base + c
              }
            }
          }
        for (let c = 0; c < C; c++) {
          const i = at[c] ?? 0
          dv[i] = (dv[i] ?? 0) + (gv[o + c] ?? 0)
        }
      }
    }
  }
  return dx
}

/**
 * The chapter's pooling (2×2 windows, stride 2, every window inside the input): the windows do
 * not overlap, so each gradient is written once, to the first of its four positions holding the
 * maximum. About 2× faster than the general scan (bench:kernels).
 */
function pool2x2Grad(
  xv: Float32Array,
  gv: Float32Array,
  dv: Float32Array,
  [batch, inHeight, inWidth, C]: readonly [number, number, number, number],
  [outHeight, outWidth]: readonly [number, number],
): void {
  const down = inWidth * C
  let o = 0
  for (let b = 0; b < batch; b++)
    for (let oh = 0; oh < outHeight; oh++)
      for (let ow = 0; ow < outWidth; ow++, o += C) {
        const p = ((b * inHeight + 2 * oh) * inWidth + 2 * ow) * C
        for (let c = 0; c < C; c++) {
          let at = p + c
          let best = xv[at] ?? 0
          const right = xv[at + C] ?? 0
          if (right > best) {
            best = right
            at = p + c + C
          }
          const below = xv[p + c + down] ?? 0
          if (below > best) {
            best = below
            at = p + c + down
          }
          if ((xv[p + c + down + C] ?? 0) > best) at = p + c + down + C
          dv[at] = gv[o + c] ?? 0
        }
      }
}
