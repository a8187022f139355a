import * as tf from '@tensorflow/tfjs'
import { simdFilterGradient } from './simd/filterGradient'
import { simdKernels } from './simd/instance'
import { f32, wasmMatMul, type WasmKernelArgs } from './wasm'

type Attrs = tf.Conv2DBackpropFilterAttrs

/**
 * dW for the wasm backend, which lacks this kernel: on our SIMD kernel (simd/filterGradient.wat)
 * where the runtime has WebAssembly SIMD, else as im2col(x)ᵀ · dy. The patch matrix is written
 * already transposed ([kh·kw·inC, batch·outH·outW]) so that the product runs on the backend's
 * XNNPACK matmul without a transpose flag: with `transposeA` the same product is about 14× slower.
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
  const simd = simdKernels(backend)
  if (simd) return simdFilterGradient(simd, backend, x, dy, info, attrs.filterShape)
  const k = filterHeight * filterWidth * inChannels
  const m = batchSize * outHeight * outWidth
  const cols = backend.makeOutput([1, k, m], 'float32')
  const xv = f32(backend, x)
  const cv = f32(backend, cols)
  // Row (fh, fw, c) holds, for every output pixel in dy's order, the input value under that tap.
  // makeOutput does not zero its memory, so padding positions are written as 0.
  for (let fh = 0; fh < filterHeight; fh++) {
    for (let fw = 0; fw < filterWidth; fw++) {
      const rowBase = (fh * filterWidth + fw) * inChannels
      let col = 0
      for (let b = 0; b < batchSize; b++) {
        const xb = b * inHeight * inWidth
        for (let oh = 0; oh < outHeight; oh++) {
          const ih = oh * strideHeight + fh - top
          const rowInside = ih >= 0 && ih < inHeight
          for (let ow = 0; ow < outWidth; ow++, col++) {
            const iw = ow * strideWidth + fw - left
            if (rowInside && iw >= 0 && iw < inWidth) {
              const src = (xb + ih * inWidth + iw) * inChannels
              for (let c = 0; c < inChannels; c++) cv[(rowBase + c) * m + col] = xv[src + c] ?? 0
            } else {
              for (let c = 0; c < inChannels; c++) cv[(rowBase + c) * m + col] = 0
            }
          }
        }
      }
    }
  }
  const dy3: tf.TensorInfo = { dataId: dy.dataId, shape: [1, m, outChannels], dtype: 'float32' }
  const out = wasmMatMul(backend, cols, dy3, false, false)
  backend.disposeData(cols.dataId)
  return { ...out, shape: [...attrs.filterShape] }
}
