import type * as tfjs from '@tensorflow/tfjs'
import { DenseTranspose, TimeEncoding } from '../../layers'
import { timeEncodingTable } from '../../layers/timeEncoding'
import { err, ok, type Result } from '../../../common/graph/result'
import { permute, type OnnxGraph } from './builder'

export type Dims = readonly (number | null)[]

/** What a converter gets: the graph, the layer, its input value names and their shapes. */
export interface LayerCtx {
  readonly g: OnnxGraph
  readonly layer: tfjs.layers.Layer
  readonly inputs: readonly string[]
  readonly shapes: readonly Dims[]
}

type Converter = (c: LayerCtx) => Result<string>
type Config = tfjs.serialization.ConfigDict

const num = (cfg: Config, key: string, def?: number): number => {
  const v = cfg[key]
  if (typeof v === 'number') return v
  if (def !== undefined) return def
  throw new Error(`layer config ${key}: expected a number`)
}
const pair = (cfg: Config, key: string): [number, number] => {
  const v = cfg[key]
  if (typeof v === 'number') return [v, v]
  if (Array.isArray(v) && typeof v[0] === 'number' && typeof v[1] === 'number') return [v[0], v[1]]
  throw new Error(`layer config ${key}: expected a number or a pair`)
}
const str = (cfg: Config, key: string, def: string): string => {
  const v = cfg[key]
  return typeof v === 'string' ? v : def
}
/** [[top, bottom], [left, right]] of ZeroPadding2D and Cropping2D. */
const sides = (cfg: Config, key: string): [number, number, number, number] => {
  const v = cfg[key]
  if (typeof v === 'number') return [v, v, v, v]
  if (Array.isArray(v) && v.length === 2) {
    const [a, b] = v.map((x) => (Array.isArray(x) ? x.map(Number) : [Number(x), Number(x)]))
    return [a?.[0] ?? 0, a?.[1] ?? 0, b?.[0] ?? 0, b?.[1] ?? 0]
  }
  throw new Error(`layer config ${key}: expected padding sizes`)
}

const weightsOf = (layer: tfjs.layers.Layer) =>
  layer.getWeights().map((w) => ({ data: w.dataSync() as Float32Array, dims: w.shape }))

const input = (c: LayerCtx, i = 0): string => {
  const x = c.inputs[i]
  if (x === undefined) throw new Error(`${c.layer.name}: missing input ${i}`)
  return x
}

/** Applies a Keras activation by name. */
export function activation(g: OnnxGraph, name: string, x: string): Result<string> {
  switch (name) {
    case 'linear':
      return ok(x)
    case 'relu':
      return ok(g.op('Relu', [x]))
    case 'sigmoid':
      return ok(g.op('Sigmoid', [x]))
    case 'tanh':
      return ok(g.op('Tanh', [x]))
    case 'selu':
      return ok(g.op('Selu', [x]))
    case 'elu':
      return ok(g.op('Elu', [x]))
    case 'softmax':
      return ok(g.op('Softmax', [x], { axis: -1 }))
    case 'softplus':
      return ok(g.op('Softplus', [x]))
    case 'swish':
      return ok(g.op('Mul', [x, g.op('Sigmoid', [x])]))
    default:
      return err(`activation "${name}" has no ONNX export`)
  }
}

const TO_NCHW = [0, 3, 1, 2]
const TO_NHWC = [0, 2, 3, 1]

/** Runs an NCHW-only op on an NHWC value: transpose in, op, transpose back. */
const nchw = (g: OnnxGraph, x: string, op: (y: string) => string): string =>
  g.op('Transpose', [op(g.op('Transpose', [x], { perm: TO_NCHW }))], { perm: TO_NHWC })

/** TensorFlow's "same" padding (extra at the end) as ONNX begin/end pads for H and W. */
function convPads(
  padding: string,
  size: readonly [number, number],
  kernel: readonly [number, number],
  strides: readonly [number, number],
  dilation: readonly [number, number] = [1, 1],
): number[] {
  if (padding !== 'same') return [0, 0, 0, 0]
  const total = [0, 1].map((a) => {
    const k = ((kernel[a] ?? 1) - 1) * (dilation[a] ?? 1) + 1
    const n = size[a] ?? 1
    const s = strides[a] ?? 1
    return Math.max((Math.ceil(n / s) - 1) * s + k - n, 0)
  })
  const begin = total.map((t) => Math.floor(t / 2))
  return [
    begin[0] ?? 0,
    begin[1] ?? 0,
    (total[0] ?? 0) - (begin[0] ?? 0),
    (total[1] ?? 0) - (begin[1] ?? 0),
  ]
}

const spatialSize = (c: LayerCtx): [number, number] => {
  const [, h, w] = c.shapes[0] ?? []
  if (typeof h !== 'number' || typeof w !== 'number')
    throw new Error(`${c.layer.name}: image size unknown`)
  return [h, w]
}

/** Bias add and activation after a linear op. */
function finish(c: LayerCtx, y: string, bias: Float32Array | undefined): Result<string> {
  const cfg = c.layer.getConfig()
  const withBias = bias ? c.g.op('Add', [y, c.g.floats('bias', bias, [bias.length])]) : y
  return activation(c.g, str(cfg, 'activation', 'linear'), withBias)
}

const identity: Converter = (c) => ok(c.g.op('Identity', [input(c)]))

const dense: Converter = (c) => {
  const [kernel, bias] = weightsOf(c.layer)
  if (!kernel) throw new Error(`${c.layer.name}: no kernel`)
  const y = c.g.op('MatMul', [input(c), c.g.floats('kernel', kernel.data, kernel.dims)])
  return finish(c, y, bias?.data)
}

const denseTranspose: Converter = (c) => {
  if (!(c.layer instanceof DenseTranspose)) throw new Error(`${c.layer.name}: not a DenseTranspose`)
  const kernel = c.layer.tiedKernel()
  if (!kernel) return err(`${c.layer.name}: its tied layer is not linked`)
  const t = permute(kernel.dataSync() as Float32Array, kernel.shape, [1, 0])
  const y = c.g.op('MatMul', [input(c), c.g.floats('tied_kernel', t.data, t.dims)])
  return finish(c, y, weightsOf(c.layer)[0]?.data)
}

/**
 * A (transposed) convolution's config, kernel as an ONNX constant and bias. tfjs keeps a Conv2D
 * kernel as [kh, kw, in, out] and a Conv2DTranspose one as [kh, kw, out, in]; the same permutation
 * gives ONNX's [out, in, kh, kw] and [in, out, kh, kw].
 */
function convParts(c: LayerCtx) {
  const cfg = c.layer.getConfig()
  const [kernel, bias] = weightsOf(c.layer)
  if (!kernel) throw new Error(`${c.layer.name}: no kernel`)
  const w = permute(kernel.data, kernel.dims, [3, 2, 0, 1])
  return {
    cfg,
    k: pair(cfg, 'kernelSize'),
    s: pair(cfg, 'strides'),
    wName: c.g.floats('kernel', w.data, w.dims),
    bias: bias?.data,
  }
}

const conv2d: Converter = (c) => {
  const { cfg, k, s, wName, bias } = convParts(c)
  const d = pair(cfg, 'dilationRate')
  const pads = convPads(str(cfg, 'padding', 'valid'), spatialSize(c), k, s, d)
  const y = nchw(c.g, input(c), (x) =>
    c.g.op('Conv', [x, wName], { kernel_shape: k, strides: s, dilations: d, pads }),
  )
  return finish(c, y, bias)
}

const conv2dTranspose: Converter = (c) => {
  const { cfg, k, s, wName, bias } = convParts(c)
  const same = str(cfg, 'padding', 'valid') === 'same'
  // "same" gives in·s outputs: pads of k − s split as TensorFlow does, extra at the end.
  const [th, tw] = same ? [Math.max(k[0] - s[0], 0), Math.max(k[1] - s[1], 0)] : [0, 0]
  const pads = [Math.floor(th / 2), Math.floor(tw / 2), Math.ceil(th / 2), Math.ceil(tw / 2)]
  const outputPadding = same ? [Math.max(s[0] - k[0], 0), Math.max(s[1] - k[1], 0)] : [0, 0]
  const y = nchw(c.g, input(c), (x) =>
    c.g.op('ConvTranspose', [x, wName], {
      kernel_shape: k,
      strides: s,
      pads,
      output_padding: outputPadding,
    }),
  )
  return finish(c, y, bias)
}

const separableConv2d: Converter = (c) => {
  const cfg = c.layer.getConfig()
  const [depthwise, pointwise, bias] = weightsOf(c.layer)
  if (!depthwise || !pointwise) throw new Error(`${c.layer.name}: no kernels`)
  const [kh = 1, kw = 1, ch = 1, mult = 1] = depthwise.dims
  const dw = permute(depthwise.data, depthwise.dims, [2, 3, 0, 1])
  const pw = permute(pointwise.data, pointwise.dims, [3, 2, 0, 1])
  const k = pair(cfg, 'kernelSize')
  const s = pair(cfg, 'strides')
  const d = pair(cfg, 'dilationRate')
  const pads = convPads(str(cfg, 'padding', 'valid'), spatialSize(c), k, s, d)
  const dwName = c.g.floats('depthwise', dw.data, [ch * mult, 1, kh, kw])
  const pwName = c.g.floats('pointwise', pw.data, pw.dims)
  const y = nchw(c.g, input(c), (x) =>
    c.g.op('Conv', [
      c.g.op('Conv', [x, dwName], { kernel_shape: k, strides: s, dilations: d, pads, group: ch }),
      pwName,
    ]),
  )
  return finish(c, y, bias?.data)
}

const pool =
  (op: 'MaxPool' | 'AveragePool'): Converter =>
  (c) => {
    const cfg = c.layer.getConfig()
    const k = pair(cfg, 'poolSize')
    const s = cfg['strides'] == null ? k : pair(cfg, 'strides')
    const pads = convPads(str(cfg, 'padding', 'valid'), spatialSize(c), k, s)
    return ok(nchw(c.g, input(c), (x) => c.g.op(op, [x], { kernel_shape: k, strides: s, pads })))
  }

const upSampling2d: Converter = (c) => {
  const cfg = c.layer.getConfig()
  const [sh, sw] = pair(cfg, 'size')
  const linear = str(cfg, 'interpolation', 'nearest') === 'bilinear'
  const scales = c.g.floats('scales', Float32Array.from([1, 1, sh, sw]), [4])
  return ok(
    nchw(c.g, input(c), (x) =>
      c.g.op('Resize', [x, '', scales], {
        mode: linear ? 'linear' : 'nearest',
        coordinate_transformation_mode: 'asymmetric',
        nearest_mode: 'floor',
      }),
    ),
  )
}

const batchNorm: Converter = (c) => {
  const cfg = c.layer.getConfig()
  const ws = weightsOf(c.layer)
  const center = cfg['center'] !== false
  const scaled = cfg['scale'] !== false
  const gamma = scaled ? ws.shift()?.data : undefined
  const beta = center ? ws.shift()?.data : undefined
  const [mean, variance] = ws
  if (!mean || !variance) throw new Error(`${c.layer.name}: no moving statistics`)
  const axis = num(cfg, 'axis', -1)
  const rank = c.shapes[0]?.length ?? 0
  if (axis !== -1 && axis !== rank - 1)
    return err(
      `${c.layer.name}: BatchNormalization over axis ${axis} has no ONNX export (only the last)`,
    )
  // Inference: y = x · a + b with a = γ / √(var + ε), b = β − mean · a.
  const eps = num(cfg, 'epsilon', 1e-3)
  const a = mean.data.map((_, i) => (gamma?.[i] ?? 1) / Math.sqrt((variance.data[i] ?? 0) + eps))
  const b = mean.data.map((m, i) => (beta?.[i] ?? 0) - m * (a[i] ?? 0))
  const x = c.g.op('Mul', [input(c), c.g.floats('bn_scale', a, [a.length])])
  return ok(c.g.op('Add', [x, c.g.floats('bn_shift', b, [b.length])]))
}

const layerNorm: Converter = (c) => {
  const cfg = c.layer.getConfig()
  const [gamma, beta] = weightsOf(c.layer)
  const n = c.shapes[0]?.at(-1)
  if (!gamma || !beta || typeof n !== 'number') throw new Error(`${c.layer.name}: no scale/offset`)
  const axis = cfg['axis']
  const last =
    axis === -1 ||
    (Array.isArray(axis) &&
      axis.length === 1 &&
      (axis[0] === -1 || axis[0] === (c.shapes[0]?.length ?? 0) - 1))
  if (!last) return err(`${c.layer.name}: LayerNormalization over several axes has no ONNX export`)
  return ok(
    c.g.op(
      'LayerNormalization',
      [input(c), c.g.floats('ln_scale', gamma.data, [n]), c.g.floats('ln_bias', beta.data, [n])],
      { axis: -1, epsilon: { f: num(cfg, 'epsilon', 1e-3) } },
    ),
  )
}

const reshape: Converter = (c) => {
  const target = c.layer.getConfig()['targetShape']
  if (!Array.isArray(target)) throw new Error(`${c.layer.name}: no target shape`)
  return ok(c.g.op('Reshape', [input(c), c.g.ints('shape', [-1, ...target.map(Number)])]))
}

const merge =
  (op: 'Add' | 'Mul'): Converter =>
  (c) =>
    ok(c.inputs.slice(1).reduce((acc, x) => c.g.op(op, [acc, x]), input(c)))

const concatenate: Converter = (c) => {
  const rank = c.shapes[0]?.length ?? 0
  const axis = num(c.layer.getConfig(), 'axis', -1)
  return ok(c.g.op('Concat', [...c.inputs], { axis: axis < 0 ? rank + axis : axis }))
}

const zeroPadding: Converter = (c) => {
  const [t, b, l, r] = sides(c.layer.getConfig(), 'padding')
  return ok(c.g.op('Pad', [input(c), c.g.ints('pads', [0, t, l, 0, 0, b, r, 0])]))
}

const cropping: Converter = (c) => {
  const [t, b, l, r] = sides(c.layer.getConfig(), 'cropping')
  const [h, w] = spatialSize(c)
  return ok(
    c.g.op('Slice', [
      input(c),
      c.g.ints('starts', [t, l]),
      c.g.ints('ends', [h - b, w - r]),
      c.g.ints('axes', [1, 2]),
    ]),
  )
}

const sampling: Converter = (c) => {
  const [mean, logVar] = c.inputs
  if (mean === undefined || logVar === undefined) throw new Error('Sampling needs two inputs')
  const half = c.g.floats('half', Float32Array.from([0.5]), [])
  const std = c.g.op('Exp', [c.g.op('Mul', [logVar, half])])
  const eps = c.g.op('RandomNormalLike', [mean])
  return ok(c.g.op('Add', [mean, c.g.op('Mul', [std, eps])]))
}

const timeEncoding: Converter = (c) => {
  if (!(c.layer instanceof TimeEncoding)) throw new Error(`${c.layer.name}: not a TimeEncoding`)
  const { steps, dims } = c.layer
  const table = c.g.floats('time_table', timeEncodingTable(steps, dims), [steps + 1, dims])
  const flat = c.g.op('Reshape', [input(c), c.g.ints('flat', [-1])])
  return ok(c.g.op('Gather', [table, c.g.op('Cast', [flat], { to: 7 })], { axis: 0 }))
}

/** One converter per tfjs layer class the block library builds. */
export const CONVERTERS: Readonly<Record<string, Converter>> = {
  Dense: dense,
  DenseTranspose: denseTranspose,
  Conv2D: conv2d,
  Conv2DTranspose: conv2dTranspose,
  SeparableConv2D: separableConv2d,
  MaxPooling2D: pool('MaxPool'),
  AveragePooling2D: pool('AveragePool'),
  GlobalAveragePooling2D: (c) =>
    ok(c.g.op('ReduceMean', [input(c)], { axes: [1, 2], keepdims: 0 })),
  UpSampling2D: upSampling2d,
  ZeroPadding2D: zeroPadding,
  Cropping2D: cropping,
  Flatten: (c) => ok(c.g.op('Flatten', [input(c)], { axis: 1 })),
  Reshape: reshape,
  BatchNormalization: batchNorm,
  LayerNormalization: layerNorm,
  Activation: (c) => activation(c.g, str(c.layer.getConfig(), 'activation', 'linear'), input(c)),
  LeakyReLU: (c) =>
    ok(c.g.op('LeakyRelu', [input(c)], { alpha: { f: num(c.layer.getConfig(), 'alpha', 0.3) } })),
  Add: merge('Add'),
  Multiply: merge('Mul'),
  Concatenate: concatenate,
  // Training-only layers are the identity at inference.
  Dropout: identity,
  GaussianNoise: identity,
  ActivityRegularization: identity,
  KlSparsity: identity,
  Sampling: sampling,
  TimeEncoding: timeEncoding,
}
