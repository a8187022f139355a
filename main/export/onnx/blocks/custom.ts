import { ok } from '../../../../common/graph/result'
import { timeEncodingTable } from '../../../layers/timeEncoding'
import { input, type LayerCtx, type OnnxConverter, type ParamsOf } from '../convert'

/** mean + exp(log_var / 2) · ε, with ε drawn by ONNX Runtime (random, as in tfjs). */
export const sampling = (c: LayerCtx) => {
  const [mean, logVar] = c.inputs
  if (mean === undefined || logVar === undefined) throw new Error('Sampling needs two inputs')
  const half = c.g.floats('half', Float32Array.from([0.5]), [])
  const std = c.g.op('Exp', [c.g.op('Mul', [logVar, half])])
  const eps = c.g.op('RandomNormalLike', [mean])
  return ok(c.g.op('Add', [mean, c.g.op('Mul', [std, eps])]))
}

/** The sinusoidal table of the steps, gathered at each (integer) step. */
export const timeEncoding: OnnxConverter<ParamsOf<'timeEncoding'>> = (c, p) => {
  const table = c.g.floats('time_table', timeEncodingTable(p.steps, p.dims), [p.steps + 1, p.dims])
  const flat = c.g.op('Reshape', [input(c), c.g.ints('flat', [-1])])
  return ok(c.g.op('Gather', [table, c.g.op('Cast', [flat], { to: 7 })], { axis: 0 }))
}

/**
 * The mean over features of each feature's standard deviation across the batch (population
 * variance, + 1e-8 under the root), appended as one more channel, as the tfjs layer computes it.
 */
export const minibatchStdDev = (c: LayerCtx) => {
  const { g } = c
  const x = input(c)
  const rank = c.shapes[0]?.length ?? 2
  const mean = g.op('ReduceMean', [x], { axes: [0], keepdims: 1 })
  const centred = g.op('Sub', [x, mean])
  const variance = g.op('ReduceMean', [g.op('Mul', [centred, centred])], { axes: [0], keepdims: 1 })
  const eps = g.floats('eps', Float32Array.from([1e-8]), [])
  const stat = g.op('ReduceMean', [g.op('Sqrt', [g.op('Add', [variance, eps])])], { keepdims: 1 })
  // The statistic spread over every example and position: x's shape with one channel.
  const shape = g.op(
    'Concat',
    [
      g.op('Slice', [g.op('Shape', [x]), g.ints('start', [0]), g.ints('end', [rank - 1])]),
      g.ints('one', [1]),
    ],
    { axis: 0 },
  )
  return ok(g.op('Concat', [x, g.op('Expand', [stat, shape])], { axis: rank - 1 }))
}
