import * as tf from '@tensorflow/tfjs'
import type { OptimizerConfig, OptimizerConfigOf, OptimizerKind } from '../../common/optimizers'
import { NadamOptimizer } from './nadam'

/**
 * How the engine builds each optimizer a document may name (the shared part, with its params and
 * its Keras constructor, is `common/optimizers.ts`). Every optimizer here saves and restores its
 * state with `getWeights`/`setWeights`, which checkpoints use.
 */
const MAKERS: {
  readonly [K in OptimizerKind]: (
    config: OptimizerConfigOf<K>,
    learningRate: number,
  ) => tf.Optimizer
} = {
  adam: (c, lr) => tf.train.adam(lr, c.beta1, c.beta2, c.epsilon),
  nadam: (c, lr) => new NadamOptimizer(lr, c.beta1, c.beta2, c.epsilon),
  rmsprop: (c, lr) => tf.train.rmsprop(lr, c.rho, c.momentum, c.epsilon),
  sgd: (c, lr) =>
    c.momentum > 0 ? tf.train.momentum(lr, c.momentum, c.nesterov) : tf.train.sgd(lr),
}

const make = <K extends OptimizerKind>(config: OptimizerConfigOf<K> & { kind: K }, lr: number) =>
  MAKERS[config.kind](config, lr)

/** Builds the optimizer a document's training configuration names. */
export function makeOptimizer(config: OptimizerConfig, learningRate: number): tf.Optimizer {
  return make(config, learningRate)
}
