import { err, ok, type Result } from '../../../../common/graph/result'
import { input, weightsOf, type LayerCtx, type OnnxConverter, type ParamsOf } from '../convert'

/** ONNX's names of the recurrent blocks' output activations. */
const ACTIVATIONS = { tanh: 'Tanh', relu: 'Relu' } as const

/**
 * A Keras kernel [features, gates·units] (gates in Keras's order) as ONNX's [1, gates·units,
 * features], its gates in ONNX's order: `order[g]` is the Keras gate ONNX's g-th gate comes from.
 */
function gateMajor(
  kernel: Float32Array,
  features: number,
  units: number,
  order: readonly number[],
): Float32Array {
  const gates = order.length
  const out = new Float32Array(gates * units * features)
  order.forEach((k, g) => {
    for (let u = 0; u < units; u++)
      for (let f = 0; f < features; f++)
        out[(g * units + u) * features + f] = kernel[f * gates * units + k * units + u] ?? 0
  })
  return out
}

/** A Keras bias [gates·units] in ONNX's gate order, followed by the recurrent bias (zeros). */
function gateBias(bias: Float32Array | undefined, units: number, order: readonly number[]) {
  const out = new Float32Array(2 * order.length * units)
  if (bias)
    order.forEach((k, g) => {
      out.set(bias.subarray(k * units, (k + 1) * units), g * units)
    })
  return out
}

/**
 * An LSTM or GRU layer as ONNX's op of that name (sequence-major, so transposed in and out):
 * the last step's output, or every step's with returnSequences.
 */
const recurrent =
  (op: 'LSTM' | 'GRU', order: readonly number[]): OnnxConverter<ParamsOf<'lstm'>> =>
  (c: LayerCtx, p): Result<string> => {
    if (p.activation === 'linear')
      return err(`${c.layer.name}: a linear ${op} has no ONNX export (use tanh or relu)`)
    const [kernel, recurrentKernel, bias] = weightsOf(c.layer)
    if (!kernel || !recurrentKernel) throw new Error(`${c.layer.name}: no kernels`)
    const features = kernel.dims[0]
    const units = p.units
    const gates = order.length
    const act = ACTIVATIONS[p.activation]
    const g = c.g
    const x = g.op('Transpose', [input(c)], { perm: [1, 0, 2] })
    const w = g.floats('W', gateMajor(kernel.data, features, units, order), [
      1,
      gates * units,
      features,
    ])
    const r = g.floats('R', gateMajor(recurrentKernel.data, units, units, order), [
      1,
      gates * units,
      units,
    ])
    const b = g.floats('B', gateBias(bias?.data, units, order), [1, 2 * gates * units])
    const y = g.fresh(`${op.toLowerCase()}_y`)
    const yh = g.fresh(`${op.toLowerCase()}_y_h`)
    const attrs = {
      hidden_size: units,
      activations: { strings: op === 'LSTM' ? ['Sigmoid', act, act] : ['Sigmoid', act] },
      ...(op === 'GRU' ? { linear_before_reset: 0 } : {}),
    }
    g.node(op, [x, w, r, b], [y, yh], attrs)
    if (!p.returnSequences) return ok(g.op('Squeeze', [yh, g.ints('axes', [0])]))
    // Y is [steps, directions, batch, units]: drop the direction, put the batch first.
    const seq = g.op('Squeeze', [y, g.ints('axes', [1])])
    return ok(g.op('Transpose', [seq], { perm: [1, 0, 2] }))
  }

/** Keras's LSTM gates are i, f, c, o; ONNX's i, o, f, c. */
export const lstm = recurrent('LSTM', [0, 3, 1, 2])
/** Keras's GRU gates are z, r, h, as ONNX's (reset_after=False: linear_before_reset 0). */
export const gru = recurrent('GRU', [0, 1, 2])

/** [batch, features] → [batch, n, features]. */
export const repeatVector: OnnxConverter<ParamsOf<'repeatVector'>> = (c, p) => {
  const x = c.g.op('Unsqueeze', [input(c), c.g.ints('axes', [1])])
  return ok(c.g.op('Tile', [x, c.g.ints('repeats', [1, p.n, 1])]))
}
