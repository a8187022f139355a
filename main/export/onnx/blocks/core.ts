import { ok } from '../../../../common/graph/result'
import { DenseTranspose } from '../../../layers'
import { permute } from '../builder'
import {
  activation,
  finish,
  input,
  weightsOf,
  type LayerCtx,
  type OnnxConverter,
  type ParamsOf,
} from '../convert'

export const dense: OnnxConverter<ParamsOf<'dense'>> = (c, p) => {
  const [kernel, bias] = weightsOf(c.layer)
  if (!kernel) throw new Error(`${c.layer.name}: no kernel`)
  const y = c.g.op('MatMul', [input(c), c.g.floats('kernel', kernel.data, kernel.dims)])
  return finish(c, y, bias?.data, p.activation)
}

export const denseTranspose: OnnxConverter<ParamsOf<'denseTranspose'>> = (c, p) => {
  if (!(c.layer instanceof DenseTranspose)) throw new Error(`${c.layer.name}: not a DenseTranspose`)
  const kernel = c.layer.tiedKernel()
  if (!kernel) throw new Error(`${c.layer.name}: its tied layer is not linked`)
  const t = permute(kernel.dataSync() as Float32Array, kernel.shape, [1, 0])
  const y = c.g.op('MatMul', [input(c), c.g.floats('tied_kernel', t.data, t.dims)])
  return finish(c, y, weightsOf(c.layer)[0]?.data, p.activation)
}

export const activationBlock: OnnxConverter<ParamsOf<'activation'>> = (c, p) =>
  p.fn === 'leakyRelu'
    ? ok(c.g.op('LeakyRelu', [input(c)], { alpha: { f: p.alpha } }))
    : activation(c.g, p.fn, input(c))

export const flatten = (c: LayerCtx) => ok(c.g.op('Flatten', [input(c)], { axis: 1 }))

/** Reshape to the inferred output shape (a -1 in the params is resolved there). */
export const reshape = (c: LayerCtx) =>
  ok(
    c.g.op('Reshape', [
      input(c),
      c.g.ints(
        'shape',
        c.outShape.map((d, i) => (i === 0 ? -1 : (d ?? -1))),
      ),
    ]),
  )
