import * as tf from '@tensorflow/tfjs'
import { f32, wasmConv2d, wasmMatMul, type WasmKernelArgs } from './wasm'

type Attrs = tf.Conv2DBackpropInputAttrs

/**
 * dx = col2im(dy · Wᵀ) (or, with stride 1, a flipped convolution) for the wasm backend, replacing its stock kernel (a direct loop that runs
 * at a fraction of the backend's matmul speed). Also the forward pass of Conv2DTranspose. The
 * product [batch·outH·outW, outC] × [outC, kh·kw·inC] runs on XNNPACK; col2im then adds each
 * patch row back onto the input positions it came from.
 */
export function conv2DBackpropInput({
  inputs,
  backend,
  attrs,
}: WasmKernelArgs<'dy' | 'filter', Attrs>): tf.TensorInfo {
  const { dy, filter } = inputs
  if (attrs.dataFormat !== 'NHWC') throw new Error('Conv2DBackpropInput on wasm supports NHWC only')
  const info = tf.backend_util.computeConv2DInfo(
    [...attrs.inputShape] as [number, number, number, number],
    filter.shape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  )
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info
  const { strideHeight, strideWidth, filterHeight, filterWidth } = info
  const { top, left } = info.padInfo
  const { bottom, right } = info.padInfo
  if (strideHeight === 1 && strideWidth === 1 && top < filterHeight && left < filterWidth)
    return flippedConv(backend, dy, filter, info, [
      [0, 0],
      [filterHeight - 1 - top, filterHeight - 1 - bottom],
      [filterWidth - 1 - left, filterWidth - 1 - right],
      [0, 0],
    ])
  const k = filterHeight * filterWidth * inChannels
  const m = batchSize * outHeight * outWidth
  const dy3: tf.TensorInfo = { dataId: dy.dataId, shape: [1, m, outChannels], dtype: 'float32' }
  // Wᵀ written out: the backend's matmul is many times slower with its transposeB flag set.
  const wt = backend.makeOutput([1, outChannels, k], 'float32')
  const wv = f32(backend, filter)
  const tv = f32(backend, wt)
  for (let r = 0; r < k; r++)
    for (let o = 0; o < outChannels; o++) tv[o * k + r] = wv[r * outChannels + o] ?? 0
  const cols = wasmMatMul(backend, dy3, wt, false, false)
  backend.disposeData(wt.dataId)
  const dx = backend.makeOutput([...attrs.inputShape], 'float32')
  const cv = f32(backend, cols)
  const dv = f32(backend, dx)
  dv.fill(0) // makeOutput does not zero its memory
  let row = 0
  for (let b = 0; b < batchSize; b++) {
    const xb = b * inHeight * inWidth
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++, row++) {
        const rowBase = row * k
        for (let fh = 0; fh < filterHeight; fh++) {
          const ih = oh * strideHeight + fh - top
          if (ih < 0 || ih >= inHeight) continue
          for (let fw = 0; fw < filterWidth; fw++) {
            const iw = ow * strideWidth + fw - left
            if (iw < 0 || iw >= inWidth) continue
            const src = rowBase + (fh * filterWidth + fw) * inChannels
            const dst = (xb + ih * inWidth + iw) * inChannels
            for (let c = 0; c < inChannels; c++)
              dv[dst + c] = (dv[dst + c] ?? 0) + (cv[src + c] ?? 0)
          }
        }
      }
    }
  }
  backend.disposeData(cols.dataId)
  return dx
}

/**
 * With stride 1, dx is a plain convolution of dy with the filter flipped in space and its channel
 * axes swapped, padded by `kernel − 1 − pad` on each side: it runs on the backend's XNNPACK
 * convolution, with no patch matrix at all.
 */
function flippedConv(
  backend: WasmKernelArgs<'dy', Attrs>['backend'],
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  pad: tf.backend_util.ExplicitPadding,
): tf.TensorInfo {
  const { filterHeight: kh, filterWidth: kw, inChannels, outChannels } = info
  const flipped = backend.makeOutput([kh, kw, outChannels, inChannels], 'float32')
  const wv = f32(backend, filter)
  const fv = f32(backend, flipped)
  for (let fh = 0; fh < kh; fh++)
    for (let fw = 0; fw < kw; fw++) {
      const src = ((kh - 1 - fh) * kw + (kw - 1 - fw)) * inChannels * outChannels
      const dst = (fh * kw + fw) * outChannels * inChannels
      for (let c = 0; c < inChannels; c++)
        for (let o = 0; o < outChannels; o++)
          fv[dst + o * inChannels + c] = wv[src + c * outChannels + o] ?? 0
    }
  const out = wasmConv2d(backend, dy, flipped, pad)
  backend.disposeData(flipped.dataId)
  return out
}
