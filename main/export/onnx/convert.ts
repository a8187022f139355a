import type * as tfjs from '@tensorflow/tfjs'
import type { z } from 'zod'
import type { BLOCKS, BlockKind } from '../../../common/graph/blocks'
import { err, ok, type Result } from '../../../common/graph/result'
import type { OnnxGraph } from './builder'

export type Dims = readonly (number | null)[]

/** What a converter gets: the graph, the built layer, its input value names and their shapes. */
export interface LayerCtx {
  readonly g: OnnxGraph
  readonly layer: tfjs.layers.Layer
  readonly inputs: readonly string[]
  readonly shapes: readonly Dims[]
  /** The layer's output shape (Reshape's -1 resolved). */
  readonly outShape: Dims
}

/** A block kind's params, as its schema parses them. */
export type ParamsOf<K extends BlockKind> = z.output<(typeof BLOCKS)[K]['params']>

/** Converts one layer of a block kind to ONNX nodes; answers the output value's name. */
export type OnnxConverter<P> = (c: LayerCtx, p: P) => Result<string>

export const weightsOf = (layer: tfjs.layers.Layer) =>
  layer.getWeights().map((w) => ({ data: w.dataSync() as Float32Array, dims: w.shape }))

/** The name of the converter's `i`-th input. */
export const input = (c: LayerCtx, i = 0): string => {
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

/** Bias add and activation after a linear op. */
export function finish(
  c: LayerCtx,
  y: string,
  bias: Float32Array | undefined,
  act: string,
): Result<string> {
  const withBias = bias ? c.g.op('Add', [y, c.g.floats('bias', bias, [bias.length])]) : y
  return activation(c.g, act, withBias)
}

/** The layer's input, unchanged (training-only layers at inference). */
export const identity = (c: LayerCtx): Result<string> => ok(c.g.op('Identity', [input(c)]))

const TO_NCHW = [0, 3, 1, 2]
const TO_NHWC = [0, 2, 3, 1]

/** Runs an NCHW-only op on an NHWC value: transpose in, op, transpose back. */
export const nchw = (g: OnnxGraph, x: string, op: (y: string) => string): string =>
  g.op('Transpose', [op(g.op('Transpose', [x], { perm: TO_NCHW }))], { perm: TO_NHWC })

/** TensorFlow's "same" padding (extra at the end) as ONNX begin/end pads for H and W. */
export function convPads(
  padding: string,
  size: readonly [number, number],
  kernel: readonly [number, number],
  strides: readonly [number, number],
): number[] {
  if (padding !== 'same') return [0, 0, 0, 0]
  const total = [0, 1].map((a) => {
    const k = kernel[a] ?? 1
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

/** The height and width of the layer's image input. */
export const spatialSize = (c: LayerCtx): [number, number] => {
  const [, h, w] = c.shapes[0] ?? []
  if (typeof h !== 'number' || typeof w !== 'number')
    throw new Error(`${c.layer.name}: image size unknown`)
  return [h, w]
}
