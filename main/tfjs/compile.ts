import type * as tfjs from '@tensorflow/tfjs'
import * as tf from '@tensorflow/tfjs'
import type { BuildContext } from '../../common/graph/block'
import type { NodeIssue } from '../../common/graph/graphIndex'
import { inputSources } from '../../common/graph/graphIndex'
import { inferShapes } from '../../common/graph/inferShapes'
import { partitionModels, type ModelPlan } from '../../common/graph/partition'
import { err, ok, type Result } from '../../common/graph/result'
import type { GraphDoc } from '../../common/graph/schema'
import { customLayers } from '../layers'
import type { InputParams } from '../../common/graph/blocks/input'

type Symbolic = tfjs.SymbolicTensor

export interface CompiledModel {
  readonly plan: ModelPlan
  readonly model: tfjs.LayersModel
}

export interface CompiledGraph {
  readonly models: readonly CompiledModel[]
  /** The layer built for each node (shared nodes map to their original's layer). */
  readonly layers: ReadonlyMap<string, tfjs.layers.Layer>
}

/**
 * Compiles a document into one tfjs LayersModel per group with the functional API: multi-input and
 * multi-output models, skip connections, shared and tied layers. Layers are built once and shared
 * across models, so a tied decoder uses the encoder's live kernel.
 */
export function compileGraph(doc: GraphDoc): Result<CompiledGraph, readonly NodeIssue[]> {
  const report = inferShapes(doc)
  const { plans, issues } = partitionModels(doc, report)
  if (report.issues.length || issues.length) return err([...report.issues, ...issues])
  const { index } = report
  const layers = new Map<string, tfjs.layers.Layer>()
  // Build every layer in global topological order, so tied and shared layers exist before their users.
  for (const id of report.order) {
    const node = index.nodes.get(id)
    const block = node && index.blockOf(node)
    if (!node || !block || node.kind === 'input') continue
    if (node.share !== undefined) continue
    const ctx: BuildContext = {
      tf,
      custom: customLayers,
      name: id,
      outputShape: report.shapes.get(id) ?? [],
      layerOf: (other) => layers.get(other),
    }
    layers.set(id, block.build(ctx, node.params))
  }
  for (const node of doc.nodes) {
    const original = node.share !== undefined ? layers.get(node.share) : undefined
    if (original) layers.set(node.id, original)
  }
  const models = plans.map((plan) => ({ plan, model: buildModel(plan, doc, report, layers) }))
  return ok({ models, layers })
}

function buildModel(
  plan: ModelPlan,
  doc: GraphDoc,
  report: ReturnType<typeof inferShapes>,
  layers: ReadonlyMap<string, tfjs.layers.Layer>,
): tfjs.LayersModel {
  const { index } = report
  const tensors = new Map<string, Symbolic>()
  const inputs: Symbolic[] = []
  for (const input of plan.inputs) {
    const node = index.nodes.get(input.nodeId)
    const shape = report.shapes.get(input.nodeId)
    if (!node || !shape) throw new Error(`compile: no shape for input ${input.nodeId}`)
    const dtype = node.kind === 'input' ? (node.params as InputParams).dtype : 'float32'
    const t = tf.input({ shape: shape.slice(1).map((d) => d ?? -1), dtype, name: input.nodeId })
    tensors.set(input.nodeId, t)
    inputs.push(t)
  }
  for (const id of plan.nodes) {
    const node = index.nodes.get(id)
    if (!node || node.kind === 'input') continue
    const layer = layers.get(id)
    if (!layer) throw new Error(`compile: layer ${id} was not built`)
    const args = inputSources(index, node).map((src, i) => {
      const t = src && tensors.get(src)
      if (!t) throw new Error(`compile: input ${i} of ${id} has no tensor`)
      return t
    })
    const first = args[0]
    // Applying a layer to symbolic tensors builds its weights; in a scope, so that an
    // initializer's scratch tensors are freed (tfjs's LSTM with unitForgetBias leaves 4 behind).
    // The variables themselves survive it.
    let out: ReturnType<typeof layer.apply> | undefined
    tf.tidy(() => {
      out = layer.apply(args.length === 1 && first ? first : args)
    })
    if (Array.isArray(out) || !(out instanceof tf.SymbolicTensor))
      throw new Error(`compile: ${id} did not give one symbolic tensor`)
    tensors.set(id, out)
  }
  const outputs = plan.outputs.map((id) => {
    const t = tensors.get(id)
    if (!t) throw new Error(`compile: output ${id} has no tensor`)
    return t
  })
  return tf.model({
    inputs,
    outputs,
    name: plan.id === 'model' ? sanitizeName(doc.meta.title) : plan.id,
  })
}

const sanitizeName = (s: string) =>
  s.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^[^A-Za-z]+/, '') || 'model'

/** Frees the tensors of a graph loaded for export or decoding (each layer once). */
export function disposeCompiled(compiled: CompiledGraph): void {
  for (const layer of new Set(compiled.layers.values())) {
    try {
      layer.dispose()
    } catch {
      // Already disposed through a model that shares it.
    }
  }
}
