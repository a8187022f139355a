import type { z } from 'zod'
import * as tf from '@tensorflow/tfjs'
import { trainableVariables } from '../../tfjs/variables'
import type { classifierSpec } from './spec'
import { imageInputShape, mainOutput, roleModel, type RecipeContext } from '../../train/context'
import type { RecipeSession, StepMetrics } from '../../train/recipe'
import { minimizeStep } from '../../train/step'

type ClassifierSettings = z.output<typeof classifierSpec.settings>

const EPS = 1e-7

/** Sparse categorical cross-entropy on probabilities, averaged over the batch. */
function crossEntropy(labels: tf.Tensor1D, probs: tf.Tensor, classes: number): tf.Scalar {
  const picked = tf.sum(tf.mul(tf.oneHot(labels, classes), probs), 1)
  return tf.neg(tf.mean(tf.log(tf.clipByValue(picked, EPS, 1))))
}

/**
 * Supervised training of the classifier group. When the classifier is fed by the encoder (the
 * chapter's unsupervised pretraining), images go through the pretrained encoder first; with
 * `freezeEncoder` only the classifier's weights are trained.
 */
export function classifierSession(ctx: RecipeContext, settings: ClassifierSettings): RecipeSession {
  const cls = roleModel(ctx, 'classifier')
  const enc = ctx.compiled.models.find((m) => m.plan.role === 'encoder')
  const first = cls.plan.inputs[0]
  const fromEncoder =
    enc !== undefined && first?.boundary === true && enc.plan.nodes.includes(first.nodeId)
  const opt = ctx.makeOptimizer()
  const variables =
    fromEncoder && !settings.freezeEncoder
      ? trainableVariables(enc.model, cls.model)
      : trainableVariables(cls.model)
  const classify = (x: tf.Tensor, training: boolean) =>
    mainOutput(
      cls,
      fromEncoder ? mainOutput(enc, x, training && !settings.freezeEncoder) : x,
      training,
    )
  const needLabels = (labels: tf.Tensor1D | null): tf.Tensor1D => {
    if (!labels)
      throw new Error(
        'the classifier recipe needs a labelled dataset (validation of the dataset should have caught this)',
      )
    return labels
  }
  const accuracy = (labels: tf.Tensor1D, probs: tf.Tensor): tf.Scalar =>
    tf.mean(tf.cast(tf.equal(tf.argMax(probs, 1), labels), 'float32'))
  return {
    inputShape: imageInputShape(fromEncoder ? enc : cls),
    range: 'unit',
    variables,
    optimizers: [opt],
    trainStep: ({ x, labels }) => {
      const y = needLabels(labels)
      const metrics: StepMetrics = {}
      metrics['loss'] = minimizeStep(
        opt,
        () => {
          const probs = classify(x, true)
          metrics['accuracy'] = tf.keep(accuracy(y, probs))
          return crossEntropy(y, probs, settings.classes)
        },
        variables,
        ctx.doc.training.clipNorm,
      )
      return metrics
    },
    evaluate: ({ x, labels }) => {
      const y = needLabels(labels)
      const probs = classify(x, false)
      return { loss: crossEntropy(y, probs, settings.classes), accuracy: accuracy(y, probs) }
    },
    previews: () => [],
    dispose: () => {
      opt.dispose()
    },
  }
}
