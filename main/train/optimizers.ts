import * as tf from '@tensorflow/tfjs'
import type { OptimizerConfig } from '../graph/training'
import { NadamOptimizer } from './nadam'

/** Builds the optimizer a document's training configuration names. */
export function makeOptimizer(config: OptimizerConfig, learningRate: number): tf.Optimizer {
  switch (config.kind) {
    case 'sgd':
      return config.momentum > 0
        ? tf.train.momentum(learningRate, config.momentum, config.nesterov)
        : tf.train.sgd(learningRate)
    case 'adam':
      return tf.train.adam(learningRate, config.beta1, config.beta2, config.epsilon)
    case 'rmsprop':
      return tf.train.rmsprop(learningRate, config.rho, config.momentum, config.epsilon)
    case 'nadam':
      return new NadamOptimizer(learningRate, config.beta1, config.beta2, config.epsilon)
  }
}
