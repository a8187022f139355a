import * as tf from '@tensorflow/tfjs'
import { f32, type WasmKernelArgs } from './wasm'

type FilterAttrs = tf.DepthwiseConv2dNativeBackpropFilterAttrs
type InputAttrs = tf.DepthwiseConv2dNativeBackpropInputAttrs
type Info = tf.backend_util.Conv2DInfo

/** tfjs's depthwise gradient refuses dilations > 1, so these kernels are only ever asked for dilation 1. */
function depthwiseInfo(
  xShape: readonly number[],
  filterShape: [number, number, number, number],
  a: FilterAttrs | InputAttrs,
): Info {
  const shape = xShape as [number, number, number, number]
  const info = tf.backend_util.computeConv2DInfo(
    shape,
    filterShape,
    a.strides,
    a.dilations,
    a.pad,
    a.dimRoundingMode,
    true,
  )
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1)
    throw new Error('depthwise conv gradients support dilation 1 only, as tfjs does')
  return info
}

/**
 * Visits every (example, output pixel, filter tap) whose input pixel lies inside the image, with
 * the flat offsets of the input pixel, the output pixel and the tap. Both depthwise gradients are
 * sums over exactly these triples.
 */
function forEachTap(info: Info, visit: (xOff: number, dyOff: number, wOff: number) => void): void {
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
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        const dyOff = ((b * outHeight + oh) * outWidth + ow) * outChannels
        for (let fh = 0; fh < filterHeight; fh++) {
          const ih = oh * strideHeight + fh - top
          if (ih < 0 || ih >= inHeight) continue
          for (let fw = 0; fw < filterWidth; fw++) {
            const iw = ow * strideWidth + fw - left
            if (iw < 0 || iw >= inWidth) continue
            visit(
              ((b * inHeight + ih) * inWidth + iw) * inChannels,
              dyOff,
              (fh * filterWidth + fw) * outChannels,
            )
          }
        }
      }
    }
  }
}

/**
 * The channel-wise product sum both depthwise gradients reduce to when the multiplier is 1, with
 * the loops inlined (no callback per tap): `acc[a + c] += p[pOff + c] · q[qOff + c]`, where the
 * accumulator is dW (`onFilter`) or dx.
 */
function depthwiseMult1(
  info: Info,
  onFilter: boolean,
  acc: Float32Array,
  p: Float32Array,
  q: Float32Array,
): void {
  const { batchSize, inHeight, inWidth, outHeight, outWidth, strideHeight, strideWidth } = info
  const { filterHeight, filterWidth } = info
  const C = info.inChannels
  const { top, left } = info.padInfo
  for (let b = 0; b < batchSize; b++)
    for (let oh = 0; oh < outHeight; oh++)
      for (let ow = 0; ow < outWidth; ow++) {
        const dyOff = ((b * outHeight + oh) * outWidth + ow) * C
        for (let fh = 0; fh < filterHeight; fh++) {
          const ih = oh * strideHeight + fh - top
          if (ih < 0 || ih >= inHeight) continue
          for (let fw = 0; fw < filterWidth; fw++) {
            const iw = ow * strideWidth + fw - left
            if (iw < 0 || iw >= inWidth) continue
            const xOff = ((b * inHeight + ih) * inWidth + iw) * C
            const wOff = (fh * filterWidth + fw) * C
            // dW: acc = dw at wOff, p = x at xOff, q = dy at dyOff; dx: acc = dx at xOff, p = dy, q = W.
            const a = onFilter ? wOff : xOff
            const pOff = onFilter ? xOff : dyOff
            const qOff = onFilter ? dyOff : wOff
            for (let c = 0; c < C; c++)
              acc[a + c] = (acc[a + c] ?? 0) + (p[pOff + c] ?? 0) * (q[qOff + c] ?? 0)
          }
        }
      }
}

/** dW[fh,fw,c,q] = Σ x[b,ih,iw,c] · dy[b,oh,ow,c·mult+q], for the wasm backend, which lacks it. */
export function depthwiseBackpropFilter({
  inputs,
  backend,
  attrs,
}: WasmKernelArgs<'x' | 'dy', FilterAttrs>): tf.TensorInfo {
  const { x, dy } = inputs
  const info = depthwiseInfo(x.shape, attrs.filterShape, attrs)
  const mult = info.outChannels / info.inChannels
  const out = backend.makeOutput([...attrs.filterShape], 'float32')
  const [xv, dyv, dw] = [f32(backend, x), f32(backend, dy), f32(backend, out)]
  dw.fill(0)
  const inC = info.inChannels
  if (mult === 1) {
    depthwiseMult1(info, true, dw, xv, dyv)
    return out
  }
  forEachTap(info, (xOff, dyOff, wOff) => {
    for (let c = 0; c < inC; c++) {
      const xc = xv[xOff + c] ?? 0
      for (let q = 0; q < mult; q++)
        dw[wOff + c * mult + q] =
          (dw[wOff + c * mult + q] ?? 0) + xc * (dyv[dyOff + c * mult + q] ?? 0)
    }
  })
  return out
}

/** dx[b,ih,iw,c] = Σ dy[b,oh,ow,c·mult+q] · W[fh,fw,c,q], for the wasm backend, which lacks it. */
export function depthwiseBackpropInput({
  inputs,
  backend,
  attrs,
}: WasmKernelArgs<'dy' | 'filter', InputAttrs>): tf.TensorInfo {
  const { dy, filter } = inputs
  const info = depthwiseInfo(
    attrs.inputShape,
    filter.shape as [number, number, number, number],
    attrs,
  )
  const mult = info.outChannels / info.inChannels
  const out = backend.makeOutput([...attrs.inputShape], 'float32')
  const [dyv, wv, dx] = [f32(backend, dy), f32(backend, filter), f32(backend, out)]
  dx.fill(0)
  const inC = info.inChannels
  if (mult === 1) {
    depthwiseMult1(info, false, dx, dyv, wv)
    return out
  }
  forEachTap(info, (xOff, dyOff, wOff) => {
    for (let c = 0; c < inC; c++) {
      let sum = 0
      for (let q = 0; q < mult; q++)
        sum += (dyv[dyOff + c * mult + q] ?? 0) * (wv[wOff + c * mult + q] ?? 0)
      dx[xOff + c] = (dx[xOff + c] ?? 0) + sum
    }
  })
  return out
}
