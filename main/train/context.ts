import * as tf from '@tensorflow/tfjs'
import type { CompiledGraph, CompiledModel } from '../tfjs/compile'
import type { ShapeReport } from '../../common/graph/inferShapes'
import type { GraphDoc, Role } from '../../common/graph/schema'
import { planRange, type PixelRange } from '../../common/graph/pixelRange'

/** What a recipe is built from. */
export interface RecipeContext {
  readonly doc: GraphDoc
  readonly compiled: CompiledGraph
  readonly report: ShapeReport
  /**
   * A fresh optimizer of the document's kind, at the document's learning rate unless given one
   * (GANs take one per phase; greedy layer-wise phases may each have their own rate).
   */
  readonly makeOptimizer: (learningRate?: number) => tf.Optimizer
}

/** The compiled model of a role; validation guarantees the recipe's roles exist. */
export function roleModel(ctx: RecipeContext, role: Role): CompiledModel {
  const m = ctx.compiled.models.find((c) => c.plan.role === role)
  if (!m) throw new Error(`no ${role} model (validation should have caught this)`)
  return m
}

/** [-1,1] when the model's main output ends in tanh, else [0,1]. */
export function outputRange(ctx: RecipeContext, model: CompiledModel): PixelRange {
  return planRange(ctx.report, model.plan)
}

/** The image input shape of a model (its first input of rank ≥ 2 per example), without the batch dim. */
export function imageInputShape(model: CompiledModel): number[] {
  const input = model.model.inputs.find((i) => i.shape.length >= 3) ?? model.model.inputs[0]
  return (input?.shape.slice(1) ?? []).map((d) => d ?? 1)
}

/** Runs a model eagerly (training or inference mode) and returns its outputs as a list. */
export function runModel(
  model: CompiledModel,
  inputs: tf.Tensor | tf.Tensor[],
  training: boolean,
): tf.Tensor[] {
  const out = model.model.apply(inputs, { training })
  const list = Array.isArray(out) ? out : [out]
  return list.map((t) => {
    if (!(t instanceof tf.Tensor))
      throw new Error(`${model.plan.id} returned a symbolic tensor for concrete inputs`)
    return t
  })
}

/** The main (last) output of a model run. */
export function mainOutput(
  model: CompiledModel,
  inputs: tf.Tensor | tf.Tensor[],
  training: boolean,
): tf.Tensor {
  const out = runModel(model, inputs, training).at(-1)
  if (!out) throw new Error(`${model.plan.id} has no output`)
  return out
}
