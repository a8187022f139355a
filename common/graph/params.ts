import { z } from 'zod'
import { LIMITS } from './limits'

/** A positive integer parameter with a default and an upper bound. */
export const posInt = (def: number, max: number) =>
  z
    .number({ error: 'expected positive integer' })
    .int('expected positive integer')
    .positive('expected positive integer')
    .max(max, `expected at most ${max}`)
    .default(def)

/** A non-negative integer parameter (paddings, croppings). */
export const nonNegInt = (def: number, max: number) =>
  z
    .number({ error: 'expected non-negative integer' })
    .int('expected non-negative integer')
    .min(0, 'expected non-negative integer')
    .max(max, `expected at most ${max}`)
    .default(def)

/** A rate in [0, 1). */
export const rate = (def: number) =>
  z
    .number({ error: 'expected a number in [0, 1)' })
    .min(0, 'expected a number in [0, 1)')
    .lt(1, 'expected a number in [0, 1)')
    .default(def)

/** A finite non-negative number (regularization weights, noise levels). */
export const nonNegNumber = (def: number) =>
  z
    .number({ error: 'expected a non-negative number' })
    .min(0, 'expected a non-negative number')
    .max(1e6, 'expected at most 1e6')
    .default(def)

/** A list of positive dims, e.g. an image shape `[28, 28, 1]` without the batch dimension. */
export const dimsSchema = (def: number[], minRank = 0) =>
  z
    .array(
      z
        .number({ error: 'expected positive integer' })
        .int('expected positive integer')
        .positive('expected positive integer')
        .max(LIMITS.dim, `expected at most ${LIMITS.dim}`),
    )
    .min(minRank, `expected at least ${minRank} dimension(s)`)
    .max(LIMITS.rank - 1, `expected at most ${LIMITS.rank - 1} dimensions`)
    .default(def)

export const paddingSchema = z.enum(['same', 'valid']).default('same')

/** Activations a layer can apply (the Activation block adds leaky ReLU). */
export const ACTIVATIONS = [
  'linear',
  'relu',
  'selu',
  'elu',
  'sigmoid',
  'tanh',
  'softmax',
  'swish',
] as const
export const activationSchema = z.enum(ACTIVATIONS)

/** Weight initializers, by tfjs identifier. */
export const initializerSchema = z
  .enum(['glorotUniform', 'glorotNormal', 'heNormal', 'heUniform', 'leCunNormal', 'leCunUniform'])
  .default('glorotUniform')

export const kernelSizeSchema = (def: number) => posInt(def, LIMITS.kernelSize)
export const stridesSchema = (def: number) => posInt(def, LIMITS.strides)

/** Optional reference to another node's id (tied and shared layers). */
export const nodeRefSchema = z.string().max(64)
