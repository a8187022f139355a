import type * as tf from '@tensorflow/tfjs'
import { simdKernels } from './simd/instance'
import { heapAddress, runStockKernel, type WasmKernelArgs } from './wasm'

/**
 * ResizeNearestNeighborGrad for the wasm backend. Upsampling by whole factors (UpSampling2D:
 * every input pixel copied to a kh×kw block, whether or not half-pixel centres are asked for)
 * sums each block of dy on our SIMD kernel; other resizes, and alignCorners, take the stock
 * kernel, which maps every dy pixel back through a float division.
 */
export function resizeNearestGrad({
  inputs,
  backend,
  attrs,
}: WasmKernelArgs<'images' | 'dy', tf.ResizeNearestNeighborGradAttrs>): tf.TensorInfo {
  const { images, dy } = inputs
  const [n = 0, h = 0, w = 0, C = 0] = images.shape
  const [, dh = 0, dw = 0] = dy.shape
  const kh = h > 0 ? dh / h : 0
  const kw = w > 0 ? dw / w : 0
  const simd = simdKernels(backend)
  const wholeFactors = Number.isInteger(kh) && Number.isInteger(kw) && kh >= 1 && kw >= 1
  if (!simd || attrs.alignCorners || !wholeFactors || C % 4 !== 0 || n * C === 0)
    return runStockKernel('ResizeNearestNeighborGrad', backend, { images, dy }, attrs)
  const dx = backend.makeOutput([n, h, w, C], 'float32')
  simd.upsampleGradient(heapAddress(backend, dy), heapAddress(backend, dx), n, h, w, C, kh, kw)
  return dx
}
