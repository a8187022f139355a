import type { z } from 'zod'
import * as tf from '@tensorflow/tfjs'
import { trainableVariables } from '../../tfjs/variables'
import type { classifierSpec } from './spec'
import { imageInputShape, mainOutput, type RecipeContext } from '../../train/context'
import {
  compileGraph,
  disposeCompiled,
  type CompiledGraph,
  type CompiledModel,
} from '../../tfjs/compile'
import type { RecipeSession, StepMetrics } from '../../train/recipe'
import { minimizeStep } from '../../train/step'

type ClassifierSettings = z.output<typeof classifierSpec.settings>

const EPS = 1e-7

/** Sparse categorical cross-entropy on probabilities, averaged over the batch. */
function crossEntropy(labels: tf.Tensor1D, probs: tf.Tensor, classes: number): tf.Scalar {
  const picked = tf.sum(tf.mul(tf.oneHot(labels, classes), probs), 1)
  return tf.neg(tf.mean(tf.log(tf.clipByValue(picked, EPS, 1))))
}

/** A classifier as trained: its models, whether its encoder trains, its variables and optimizer. */
interface Classifier {
  readonly classify: (x: tf.Tensor, training: boolean) => tf.Tensor
  readonly variables: tf.Variable[]
  readonly opt: tf.Optimizer
}

/** The classifier of a compiled graph, fed by its encoder when the graph connects them. */
function classifierOf(
  compiled: CompiledGraph,
  freezeEncoder: boolean,
  opt: tf.Optimizer,
): Classifier & { readonly fromEncoder: boolean; readonly inputModel: CompiledModel } {
  const cls = compiled.models.find((m) => m.plan.role === 'classifier')
  if (!cls) throw new Error('no classifier model (validation should have caught this)')
  const enc = compiled.models.find((m) => m.plan.role === 'encoder')
  const first = cls.plan.inputs[0]
  const fromEncoder =
    enc !== undefined && first?.boundary === true && enc.plan.nodes.includes(first.nodeId)
  const variables =
    fromEncoder && !freezeEncoder
      ? trainableVariables(enc.model, cls.model)
      : trainableVariables(cls.model)
  const classify = (x: tf.Tensor, training: boolean) =>
    mainOutput(cls, fromEncoder ? mainOutput(enc, x, training && !freezeEncoder) : x, training)
  return { classify, variables, opt, fromEncoder, inputModel: fromEncoder ? enc : cls }
}

/**
 * Supervised training of the classifier group. When the classifier is fed by the encoder (the
 * chapter's unsupervised pretraining), images go through the pretrained encoder first; with
 * `freezeEncoder` only the classifier's weights are trained. With `compareFromScratch` (and a
 * pretrained encoder), a fresh copy of the encoder and classifier (new initial weights, every
 * layer trained) learns from the same batches beside it, the exercise's baseline: its metrics are
 * `scratch_loss` and `scratch_accuracy`, so the run shows what pretraining bought.
 */
export function classifierSession(
  ctx: RecipeContext,
  settings: ClassifierSettings,
  pretrained: boolean,
): RecipeSession {
  const main = classifierOf(ctx.compiled, settings.freezeEncoder, ctx.makeOptimizer())
  const { variables: ownVariables, opt, fromEncoder, inputModel } = main
  const fresh =
    settings.compareFromScratch && pretrained && fromEncoder ? compileGraph(ctx.doc) : null
  if (fresh && !fresh.ok) throw new Error('the graph compiled once but not twice')
  const scratch = fresh ? classifierOf(fresh.value, false, ctx.makeOptimizer()) : null
  const variables = [...ownVariables, ...(scratch?.variables ?? [])]
  const needLabels = (labels: tf.Tensor1D | null): tf.Tensor1D => {
    if (!labels)
      throw new Error(
        'the classifier recipe needs a labelled dataset (validation of the dataset should have caught this)',
      )
    return labels
  }
  const accuracy = (labels: tf.Tensor1D, probs: tf.Tensor): tf.Scalar =>
    tf.mean(tf.cast(tf.equal(tf.argMax(probs, 1), labels), 'float32'))
  /** One optimizer step of a classifier; its loss and accuracy under the given metric names. */
  const step = (c: Classifier, x: tf.Tensor, y: tf.Tensor1D, prefix: string): StepMetrics => {
    const metrics: StepMetrics = {}
    metrics[`${prefix}loss`] = minimizeStep(
      c.opt,
      () => {
        const probs = c.classify(x, true)
        metrics[`${prefix}accuracy`] = tf.keep(accuracy(y, probs))
        return crossEntropy(y, probs, settings.classes)
      },
      c.variables,
      ctx.doc.training.clipNorm,
    )
    return metrics
  }
  const evaluate = (c: Classifier, x: tf.Tensor, y: tf.Tensor1D, prefix: string): StepMetrics => {
    const probs = c.classify(x, false)
    return {
      [`${prefix}loss`]: crossEntropy(y, probs, settings.classes),
      [`${prefix}accuracy`]: accuracy(y, probs),
    }
  }
  return {
    inputShape: imageInputShape(inputModel),
    range: 'unit',
    variables,
    // The baseline's optimizer is not checkpointed: a resumed run restarts the comparison.
    optimizers: [opt],
    trainStep: ({ x, labels }) => {
      const y = needLabels(labels)
      return { ...step(main, x, y, ''), ...(scratch ? step(scratch, x, y, 'scratch_') : {}) }
    },
    evaluate: ({ x, labels }) => {
      const y = needLabels(labels)
      return {
        ...evaluate(main, x, y, ''),
        ...(scratch ? evaluate(scratch, x, y, 'scratch_') : {}),
      }
    },
    previews: () => Promise.resolve([]),
    dispose: () => {
      opt.dispose()
      scratch?.opt.dispose()
      if (fresh?.ok) disposeCompiled(fresh.value)
    },
  }
}
