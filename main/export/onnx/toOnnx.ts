import type * as tfjs from '@tensorflow/tfjs'
import { err, ok, type Result } from '../../../common/graph/result'
import { OnnxGraph, type ValueSpec } from './builder'
import { CONVERTERS, type Dims } from './layers'

type Symbolic = tfjs.SymbolicTensor

/** Keeps ONNX value names readable: the model's input and output names, else the layer's. */
const safe = (name: string) => name.replace(/[^A-Za-z0-9_.-]/g, '_')

/**
 * Converts a tfjs LayersModel built by the engine into an ONNX model (opset 17), for inference: the
 * NHWC layout is kept, with transposes around the convolutions and pools; training-only layers
 * become the identity. A layer with no ONNX form is an error naming it.
 */
export function toOnnx(model: tfjs.LayersModel, docString = ''): Result<Uint8Array> {
  const g = new OnnxGraph()
  const values = new Map<number, string>()
  const inputs = model.inputs.map((t) => ({
    name: safe(t.sourceLayer.name),
    shape: t.shape,
    dtype: t.dtype,
  }))
  model.inputs.forEach((t, i) => values.set(t.id, inputs[i]?.name ?? `input_${i}`))

  // Depth-first from the outputs; each symbolic tensor is converted once.
  const visit = (t: Symbolic): Result<string> => {
    const known = values.get(t.id)
    if (known !== undefined) return ok(known)
    const layer = t.sourceLayer
    const className = layer.getClassName()
    const convert = CONVERTERS[className]
    if (!convert) return err(`layer ${layer.name} (${className}) has no ONNX export`)
    const ins: string[] = []
    for (const x of t.inputs) {
      const v = visit(x)
      if (!v.ok) return v
      ins.push(v.value)
    }
    const out = convert({ g, layer, inputs: ins, shapes: t.inputs.map((x) => x.shape as Dims) })
    if (!out.ok) return err(`${layer.name}: ${out.error}`)
    values.set(t.id, out.value)
    return out
  }

  const outputs: ValueSpec[] = []
  const used = new Set(inputs.map((i) => i.name))
  for (const t of model.outputs) {
    const v = visit(t)
    if (!v.ok) return v
    // Each output gets its layer's name through an Identity (ONNX outputs need their own names).
    let name = safe(t.sourceLayer.name)
    while (used.has(name)) name = `${name}_out`
    used.add(name)
    g.op('Identity', [v.value], {}, name)
    outputs.push({ name, shape: t.shape })
  }
  return ok(g.encode(safe(model.name), inputs, outputs, docString))
}
