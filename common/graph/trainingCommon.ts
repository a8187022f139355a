import { RUN_BOUNDS } from '../runBounds'
import { z } from 'zod'
import { optimizerSchema } from '../optimizers'
import { nonNegNumber, posInt, rate } from './params'
import { pretrainedNameSchema } from '../pretrained'

/** The training settings every recipe has (each recipe adds its own `settings`). */
export const trainingCommon = {
  optimizer: optimizerSchema.default({ kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }),
  learningRate: z
    .number({ error: 'expected a positive number' })
    .positive('expected a positive number')
    .max(10, 'expected at most 10')
    .default(1e-3),
  epochs: posInt(10, 100_000),
  batchSize: posInt(32, RUN_BOUNDS.batchSize),
  validationSplit: rate(0.1),
  /** Clip each gradient's norm to this value; 0 turns clipping off. */
  clipNorm: nonNegNumber(0),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .optional(),
  /**
   * Shipped weights the training starts from (`data/pretrained/<name>/`) instead of the
   * initializers' draw; absent: from scratch.
   */
  initialWeights: pretrainedNameSchema.optional(),
}
