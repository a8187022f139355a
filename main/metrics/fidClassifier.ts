import * as tf from '@tensorflow/tfjs'
import { fileURLToPath } from 'node:url'

/** Where the shipped classifier lives (trained by scripts/trainFidClassifier.ts, committed). */
export const FID_CLASSIFIER_DIR = fileURLToPath(
  new URL('../../data/fid-classifier', import.meta.url),
)

/** The layer whose outputs are the features the Fréchet distance compares. */
export const FEATURES_LAYER = 'features'

/**
 * A small Fashion-MNIST classifier (about 16,000 weights): three 3×3 convolutions (16, 32, 32),
 * global average pooling, a 64-unit ReLU layer — the features — and the 10 class probabilities.
 */
export function fidClassifier(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [28, 28, 1],
        filters: 16,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
      }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.globalAveragePooling2d({}),
      tf.layers.dense({ units: 64, activation: 'relu', name: FEATURES_LAYER }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  })
}
