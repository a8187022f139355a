import { ok } from '../../../../common/graph/result'
import { input, type LayerCtx, type OnnxConverter, type ParamsOf } from '../convert'

/** An element-wise merge of every input (ONNX broadcasts dims of 1 as tfjs does). */
export const elementwise = (op: 'Add' | 'Mul') => (c: LayerCtx) =>
  ok(c.inputs.slice(1).reduce((acc, x) => c.g.op(op, [acc, x]), input(c)))

export const concatenate: OnnxConverter<ParamsOf<'concatenate'>> = (c, p) => {
  const rank = c.shapes[0]?.length ?? 0
  return ok(c.g.op('Concat', [...c.inputs], { axis: p.axis < 0 ? rank + p.axis : p.axis }))
}
