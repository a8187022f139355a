import * as tf from '@tensorflow/tfjs'
import { f32, wasmMatMul, type WasmKernelArgs } from './wasm'

type Attrs = tf.Conv2DBackpropFilterAttrs

/**
 * dW = im2col(x)ᵀ · dy for the wasm backend, which lacks this kernel: the patch matrix is built in
 * JS ([batch·outH·outW, kh·kw·inC], rows in dy's order) and the product runs on the backend's
 * XNNPACK matmul, so the costly part is one large matrix product.
 */
export function conv2DBackpropFilter({
  inputs,
  backend,
  attrs,
}: WasmKernelArgs<'x' | 'dy', Attrs>): tf.TensorInfo {
  const { x, dy } = inputs
  if (attrs.dataFormat !== 'NHWC')
    throw new Error('Conv2DBackpropFilter on wasm supports NHWC only')
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  )
  const {
    batchSize,
    inHeight,
    inWidth,
    inChannels,
    outHeight,
    outWidth,
    outChannels,
    strideHeight,
    strideWidth,
    filterHeight,
    filterWidth,
  } = info
  const { top, left } = info.padInfo
  const k = filterHeight * filterWidth * inChannels
  const m = batchSize * outHeight * outWidth
  const cols = backend.makeOutput([1, m, k], 'float32')
  const xv = f32(backend, x)
  const cv = f32(backend, cols)
  // makeOutput does not zero its memory; padding positions must be written as 0.
  let row = 0
  for (let b = 0; b < batchSize; b++) {
    const xb = b * inHeight * inWidth * inChannels
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++, row++) {
        let o = row * k
        for (let fh = 0; fh < filterHeight; fh++) {
          const ih = oh * strideHeight + fh - top
          for (let fw = 0; fw < filterWidth; fw++) {
            const iw = ow * strideWidth + fw - left
            if (ih < 0 || ih >= inHeight || iw < 0 || iw >= inWidth) {
              cv.fill(0, o, o + inChannels)
            } else {
              const src = xb + (ih * inWidth + iw) * inChannels
              cv.set(xv.subarray(src, src + inChannels), o)
            }
            o += inChannels
          }
        }
      }
    }
  }
  const dy3: tf.TensorInfo = { dataId: dy.dataId, shape: [1, m, outChannels], dtype: 'float32' }
  const out = wasmMatMul(backend, cols, dy3, true, false)
  backend.disposeData(cols.dataId)
  return { ...out, shape: [...attrs.filterShape] }
}
