import { inferShapes, type ShapeReport } from '../../common/graph/inferShapes'
import { RECIPE_SPECS } from '../recipes/specs'
import { partitionModels, type ModelPlan } from '../../common/graph/partition'
import { planRange, type PixelRange } from '../../common/graph/pixelRange'
import type { GraphDoc, Role } from '../../common/graph/schema'
import type { Shape } from '../../common/graph/shape'

/** One input or output of an exported model, as its README describes it. */
export interface TensorDoc {
  /** The tensor's name in the files: its node's id (tfjs layer name, ONNX input/output name). */
  readonly name: string
  /** [batch, …]: `null` for the batch. */
  readonly shape: Shape
  readonly dtype: 'float32' | 'int32'
  /** What the values are, with their range. */
  readonly meaning: string
}

/** An exported model's inputs and outputs. */
export interface ModelIo {
  readonly id: string
  readonly name: string
  readonly role: Role
  readonly inputs: readonly TensorDoc[]
  readonly outputs: readonly TensorDoc[]
}

const RANGE_TEXT: Readonly<Record<PixelRange, string>> = {
  unit: 'images, pixels in [0, 1]',
  symmetric: 'images, pixels in [−1, 1]',
}

/**
 * The range the dataset's pixels are scaled to for a document: the recipe's (DDPM's [−1, 1]), else
 * that of the model whose images the recipe's range follows (a tanh generator's [−1, 1]).
 */
export function dataPixelRange(
  doc: GraphDoc,
  report: ShapeReport,
  plans: readonly ModelPlan[],
): PixelRange {
  const { range } = RECIPE_SPECS[doc.training.recipe]
  if (range === 'symmetric') return 'symmetric'
  const plan = plans.find((p) => p.role === range.role)
  return plan ? planRange(report, plan) : 'unit'
}

/** Whether a per-example shape is an image's ([h, w] or [h, w, c]). */
const isImage = (shape: Shape) => shape.length >= 3

/**
 * What each model of a document takes and gives, from the graph alone: shapes by inference, and
 * what the values mean from the model's role, the recipe and the range its images live in (the
 * dataset's pixels are scaled to the range of the model that makes images).
 */
export function describeModels(doc: GraphDoc): ModelIo[] {
  const report = inferShapes(doc)
  const { plans } = partitionModels(doc, report)
  const dataRange = dataPixelRange(doc, report, plans)
  const dtypeOf = (id: string): 'float32' | 'int32' =>
    doc.nodes.find((n) => n.id === id)?.params['dtype'] === 'int32' ? 'int32' : 'float32'
  const stepsParam = doc.nodes.find((n) => n.kind === 'timeEncoding')?.params['steps']
  const steps = typeof stepsParam === 'number' ? String(stepsParam) : 'T'
  const shapeOf = (id: string): Shape => report.shapes.get(id) ?? [null]
  const inputMeaning = (plan: ModelPlan, id: string, shape: Shape): string => {
    if (shape.length === 1 && dtypeOf(id) === 'int32')
      return `diffusion steps t, integers 0…${steps} (give [batch, 1] to predict(); apply() also takes [batch])`
    if (isImage(shape))
      return plan.role === 'denoiser'
        ? 'noisy images x_t = √ᾱ_t·x₀ + √(1−ᾱ_t)·ε, x₀ in [−1, 1]'
        : RANGE_TEXT[dataRange]
    if (plan.role === 'generator') return 'noise ~ N(0, I)'
    if (plan.role === 'decoder')
      return doc.training.recipe === 'vae'
        ? 'codings; draw them from N(0, I) to generate'
        : 'codings'
    return 'values'
  }
  const outputMeaning = (plan: ModelPlan, id: string, shape: Shape): string => {
    const kind = doc.nodes.find((n) => n.id === id)?.kind
    // What a Sampling block takes it as: its mean or its log-variance.
    const feeds = doc.edges.find(
      (e) => e.source === id && doc.nodes.find((n) => n.id === e.target)?.kind === 'sampling',
    )?.targetHandle
    if (feeds === 'mean') return 'the mean of the codings’ Gaussian'
    if (feeds === 'logVar') return 'the log-variance of the codings’ Gaussian'
    if (plan.role === 'denoiser') return 'the predicted noise ε̂(x_t, t)'
    if (plan.role === 'discriminator') return 'the probability that the image is real'
    if (plan.role === 'classifier') return 'class probabilities'
    if (isImage(shape)) return RANGE_TEXT[planRange(report, plan)]
    if (kind === 'sampling') return 'codings: mean + exp(log_var / 2) · ε, ε ~ N(0, I)'
    return plan.role === 'encoder' ? 'codings' : 'values'
  }
  return plans.map((plan) => ({
    id: plan.id,
    name: plan.name,
    role: plan.role,
    inputs: plan.inputs.map(({ nodeId }) => {
      const shape = shapeOf(nodeId)
      return {
        name: nodeId,
        // Saved models take a scalar step as [batch, 1] (see widenScalarInputs).
        shape: shape.length === 1 && dtypeOf(nodeId) === 'int32' ? [null, 1] : shape,
        dtype: dtypeOf(nodeId),
        meaning: inputMeaning(plan, nodeId, shape),
      }
    }),
    outputs: plan.outputs.map((id) => {
      const shape = shapeOf(id)
      return { name: id, shape, dtype: 'float32' as const, meaning: outputMeaning(plan, id, shape) }
    }),
  }))
}
