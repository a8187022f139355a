import { ok } from '../../../../common/graph/result'
import type { PoolParams } from '../../../../common/graph/blocks/pooling'
import type { Sides } from '../../../../common/graph/blocks/padding'
import { permute } from '../builder'
import {
  convPads,
  finish,
  input,
  nchw,
  spatialSize,
  weightsOf,
  type LayerCtx,
  type OnnxConverter,
  type ParamsOf,
} from '../convert'

/**
 * A (transposed) convolution's kernel as an ONNX constant, and its bias. tfjs keeps a Conv2D kernel
 * as [kh, kw, in, out] and a Conv2DTranspose one as [kh, kw, out, in]; the same permutation gives
 * ONNX's [out, in, kh, kw] and [in, out, kh, kw].
 */
function convKernel(c: LayerCtx) {
  const [kernel, bias] = weightsOf(c.layer)
  if (!kernel) throw new Error(`${c.layer.name}: no kernel`)
  const w = permute(kernel.data, kernel.dims, [3, 2, 0, 1])
  return { wName: c.g.floats('kernel', w.data, w.dims), bias: bias?.data }
}

const square = (n: number): [number, number] => [n, n]

export const conv2d: OnnxConverter<ParamsOf<'conv2d'>> = (c, p) => {
  const { wName, bias } = convKernel(c)
  const [k, s] = [square(p.kernelSize), square(p.strides)]
  const pads = convPads(p.padding, spatialSize(c), k, s)
  const y = nchw(c.g, input(c), (x) =>
    c.g.op('Conv', [x, wName], { kernel_shape: k, strides: s, dilations: [1, 1], pads }),
  )
  return finish(c, y, bias, p.activation)
}

export const conv2dTranspose: OnnxConverter<ParamsOf<'conv2dTranspose'>> = (c, p) => {
  const { wName, bias } = convKernel(c)
  const [k, s] = [square(p.kernelSize), square(p.strides)]
  const same = p.padding === 'same'
  // "same" gives in·s outputs: pads of k − s split as TensorFlow does, extra at the end.
  const [th, tw] = same ? [Math.max(k[0] - s[0], 0), Math.max(k[1] - s[1], 0)] : [0, 0]
  const pads = [Math.floor(th / 2), Math.floor(tw / 2), Math.ceil(th / 2), Math.ceil(tw / 2)]
  // Keras makes in·s outputs (+ k − s when k > s) with either padding; ONNX's (in − 1)·s + k falls
  // short by s − k when k < s, which the output padding adds back.
  const outputPadding = [Math.max(s[0] - k[0], 0), Math.max(s[1] - k[1], 0)]
  const y = nchw(c.g, input(c), (x) =>
    c.g.op('ConvTranspose', [x, wName], {
      kernel_shape: k,
      strides: s,
      pads,
      output_padding: outputPadding,
    }),
  )
  return finish(c, y, bias, p.activation)
}

export const separableConv2d: OnnxConverter<ParamsOf<'separableConv2d'>> = (c, p) => {
  const [depthwise, pointwise, bias] = weightsOf(c.layer)
  if (!depthwise || !pointwise) throw new Error(`${c.layer.name}: no kernels`)
  const [kh = 1, kw = 1, ch = 1, mult = 1] = depthwise.dims
  const dw = permute(depthwise.data, depthwise.dims, [2, 3, 0, 1])
  const pw = permute(pointwise.data, pointwise.dims, [3, 2, 0, 1])
  const [k, s] = [square(p.kernelSize), square(p.strides)]
  const pads = convPads(p.padding, spatialSize(c), k, s)
  const dwName = c.g.floats('depthwise', dw.data, [ch * mult, 1, kh, kw])
  const pwName = c.g.floats('pointwise', pw.data, pw.dims)
  const y = nchw(c.g, input(c), (x) =>
    c.g.op('Conv', [
      c.g.op('Conv', [x, dwName], { kernel_shape: k, strides: s, pads, group: ch }),
      pwName,
    ]),
  )
  return finish(c, y, bias?.data, p.activation)
}

export const pool =
  (op: 'MaxPool' | 'AveragePool'): OnnxConverter<PoolParams> =>
  (c, p) => {
    const k = square(p.poolSize)
    const s = square(p.strides || p.poolSize)
    const pads = convPads(p.padding, spatialSize(c), k, s)
    return ok(nchw(c.g, input(c), (x) => c.g.op(op, [x], { kernel_shape: k, strides: s, pads })))
  }

export const globalAvgPool2d = (c: LayerCtx) =>
  ok(c.g.op('ReduceMean', [input(c)], { axes: [1, 2], keepdims: 0 }))

export const upSampling2d: OnnxConverter<ParamsOf<'upSampling2d'>> = (c, p) => {
  const scales = c.g.floats('scales', Float32Array.from([1, 1, p.size, p.size]), [4])
  return ok(
    nchw(c.g, input(c), (x) =>
      c.g.op('Resize', [x, '', scales], {
        mode: p.interpolation === 'bilinear' ? 'linear' : 'nearest',
        coordinate_transformation_mode: 'asymmetric',
        nearest_mode: 'floor',
      }),
    ),
  )
}

export const zeroPadding2d: OnnxConverter<Sides> = (c, p) =>
  ok(c.g.op('Pad', [input(c), c.g.ints('pads', [0, p.top, p.left, 0, 0, p.bottom, p.right, 0])]))

export const cropping2d: OnnxConverter<Sides> = (c, p) => {
  const [h, w] = spatialSize(c)
  return ok(
    c.g.op('Slice', [
      input(c),
      c.g.ints('starts', [p.top, p.left]),
      c.g.ints('ends', [h - p.bottom, w - p.right]),
      c.g.ints('axes', [1, 2]),
    ]),
  )
}
