import { z } from 'zod'
import { nonNegNumber, posInt, rate } from './params'

const optimizer = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sgd'), momentum: rate(0.9), nesterov: z.boolean().default(false) }),
  z.object({
    kind: z.literal('adam'),
    beta1: rate(0.9),
    beta2: rate(0.999),
    epsilon: z.number().positive().max(1).default(1e-7),
  }),
  z.object({
    kind: z.literal('rmsprop'),
    rho: rate(0.9),
    momentum: rate(0),
    epsilon: z.number().positive().max(1).default(1e-7),
  }),
  z.object({
    kind: z.literal('nadam'),
    beta1: rate(0.9),
    beta2: rate(0.999),
    epsilon: z.number().positive().max(1).default(1e-7),
  }),
])
export type OptimizerConfig = z.output<typeof optimizer>

const common = {
  optimizer: optimizer.default({ kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }),
  learningRate: z
    .number({ error: 'expected a positive number' })
    .positive('expected a positive number')
    .max(10, 'expected at most 10')
    .default(1e-3),
  epochs: posInt(10, 100_000),
  batchSize: posInt(32, 65_536),
  validationSplit: rate(0.1),
  /** Clip each gradient's norm to this value; 0 turns clipping off. */
  clipNorm: nonNegNumber(0),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .optional(),
}

const denoising = z
  .object({
    kind: z.enum(['none', 'gaussian', 'dropout']).default('none'),
    stddev: nonNegNumber(0.2),
    rate: rate(0.5),
  })
  .default({ kind: 'none', stddev: 0.2, rate: 0.5 })

/** Training configuration: one schema per recipe, each with its own settings. */
export const trainingSchema = z.discriminatedUnion('recipe', [
  z.object({
    recipe: z.literal('autoencoder'),
    ...common,
    settings: z
      .object({
        loss: z.enum(['mse', 'bce']).default('mse'),
        denoising,
        greedyLayerwise: z.boolean().default(false),
      })
      .prefault({}),
  }),
  z.object({
    recipe: z.literal('vae'),
    ...common,
    settings: z
      .object({
        reconstructionLoss: z.enum(['mse', 'bce']).default('mse'),
        latentWeight: nonNegNumber(1),
      })
      .prefault({}),
  }),
  z.object({
    recipe: z.literal('gan'),
    ...common,
    settings: z
      .object({
        codingsSize: posInt(30, 4096),
        replayBufferSize: z.number().int().min(0).max(100_000).default(0),
        labelSmoothing: rate(0),
        discriminatorSteps: posInt(1, 16),
      })
      .prefault({}),
  }),
  z.object({
    recipe: z.literal('diffusion'),
    ...common,
    settings: z
      .object({
        steps: posInt(4000, 100_000),
        s: nonNegNumber(0.008),
        maxBeta: z.number().gt(0).lt(1).default(0.999),
        loss: z.enum(['mse', 'huber']).default('huber'),
        samplingSteps: posInt(100, 100_000),
      })
      .prefault({}),
  }),
  z.object({
    recipe: z.literal('classifier'),
    ...common,
    settings: z
      .object({
        freezeEncoder: z.boolean().default(true),
        labelledFraction: z.number().gt(0).max(1).default(1),
        classes: posInt(10, 10_000),
        /** Epochs of unsupervised autoencoder training before the classifier (0: none). */
        pretrainEpochs: z.number().int().min(0).max(100_000).default(5),
      })
      .prefault({}),
  }),
])
export type TrainingConfig = z.output<typeof trainingSchema>
export type Recipe = TrainingConfig['recipe']
export const RECIPES = [
  'autoencoder',
  'vae',
  'gan',
  'diffusion',
  'classifier',
] as const satisfies readonly Recipe[]
