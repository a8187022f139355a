import { ok } from '../../../../common/graph/result'
import { input, weightsOf, type OnnxConverter, type ParamsOf } from '../convert'

/** Inference: y = x · a + b with a = γ / √(var + ε), b = β − mean · a (over the last axis). */
export const batchNormalization: OnnxConverter<ParamsOf<'batchNormalization'>> = (c, p) => {
  const [gamma, beta, mean, variance] = weightsOf(c.layer)
  if (!gamma || !beta || !mean || !variance)
    throw new Error(`${c.layer.name}: expected scale, offset and moving statistics`)
  const a = mean.data.map(
    (_, i) => (gamma.data[i] ?? 1) / Math.sqrt((variance.data[i] ?? 0) + p.epsilon),
  )
  const b = mean.data.map((m, i) => (beta.data[i] ?? 0) - m * (a[i] ?? 0))
  const x = c.g.op('Mul', [input(c), c.g.floats('bn_scale', a, [a.length])])
  return ok(c.g.op('Add', [x, c.g.floats('bn_shift', b, [b.length])]))
}

export const layerNormalization: OnnxConverter<ParamsOf<'layerNormalization'>> = (c, p) => {
  const [gamma, beta] = weightsOf(c.layer)
  const n = c.shapes[0]?.at(-1)
  if (!gamma || !beta || typeof n !== 'number') throw new Error(`${c.layer.name}: no scale/offset`)
  return ok(
    c.g.op(
      'LayerNormalization',
      [input(c), c.g.floats('ln_scale', gamma.data, [n]), c.g.floats('ln_bias', beta.data, [n])],
      { axis: -1, epsilon: { f: p.epsilon } },
    ),
  )
}
