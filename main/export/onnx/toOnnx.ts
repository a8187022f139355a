import { columnStepInputs } from '../../tfjs/stepInputs'
import type * as tfjs from '@tensorflow/tfjs'
import type { z } from 'zod'
import { BLOCKS, getBlock } from '../../../common/graph/blocks'
import { err, ok, type Result } from '../../../common/graph/result'
import type { GraphDoc } from '../../../common/graph/schema'
import { ONNX_BLOCKS, type LayerKind } from './blocks'
import { OnnxGraph, type ValueSpec } from './builder'
import type { Dims, LayerCtx, ParamsOf } from './convert'

/** The block a layer was built from: its kind and (unparsed) params. */
export interface LayerBlock {
  readonly kind: string
  readonly params: unknown
}

/** The blocks of a document's layers, by layer name (a node's id; shared nodes use their original's layer). */
export function layerBlocks(doc: GraphDoc): (layerName: string) => LayerBlock | undefined {
  const byId = new Map(doc.nodes.map((n) => [n.id, { kind: n.kind, params: n.params }]))
  return (name) => byId.get(name)
}

const isLayerKind = (kind: string): kind is LayerKind =>
  kind !== 'input' && getBlock(kind) !== undefined

/** The blocks' params schemas, seen per kind (so a kind's schema and converter go together). */
const SCHEMAS: { readonly [K in LayerKind]: { readonly params: z.ZodType<ParamsOf<K>> } } = BLOCKS

/** Converts a layer with its block kind's converter, its params parsed by the block's schema. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- K ties the kind's schema to its converter
function convertLayer<K extends LayerKind>(kind: K, params: unknown, c: LayerCtx): Result<string> {
  const parsed = SCHEMAS[kind].params.safeParse(params)
  if (!parsed.success) return err(`its params do not fit the ${kind} block`)
  return ONNX_BLOCKS[kind](c, parsed.data)
}

type Symbolic = tfjs.SymbolicTensor

/** Keeps ONNX value names readable: the model's input and output names, else the layer's. */
const safe = (name: string) => name.replace(/[^A-Za-z0-9_.-]/g, '_')

/**
 * Converts a tfjs LayersModel built by the engine into an ONNX model (opset 17), for inference: the
 * NHWC layout is kept, with transposes around the convolutions and pools; training-only layers
 * become the identity. A layer with no ONNX form is an error naming it.
 */
export function toOnnx(
  model: tfjs.LayersModel,
  blockOf: (layerName: string) => LayerBlock | undefined,
  docString = '',
): Result<Uint8Array> {
  const g = new OnnxGraph()
  const values = new Map<number, string>()
  // A diffusion step is taken as [batch, 1], as in the saved TensorFlow.js model.
  const columns = columnStepInputs(model)
  const inputs = model.inputs.map((t) => ({
    name: safe(t.sourceLayer.name),
    shape: columns.has(t.sourceLayer.name) ? [...t.shape, 1] : t.shape,
    dtype: t.dtype,
  }))
  model.inputs.forEach((t, i) => values.set(t.id, inputs[i]?.name ?? `input_${i}`))

  // Depth-first from the outputs; each symbolic tensor is converted once.
  const visit = (t: Symbolic): Result<string> => {
    const known = values.get(t.id)
    if (known !== undefined) return ok(known)
    const layer = t.sourceLayer
    const block = blockOf(layer.name)
    if (!block || !isLayerKind(block.kind))
      return err(`layer ${layer.name} (${layer.getClassName()}) is not a block of the graph`)
    const ins: string[] = []
    for (const x of t.inputs) {
      const v = visit(x)
      if (!v.ok) return v
      ins.push(v.value)
    }
    const out = convertLayer(block.kind, block.params, {
      g,
      layer,
      inputs: ins,
      shapes: t.inputs.map((x) => x.shape as Dims),
      outShape: t.shape,
    })
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
