import * as tf from '@tensorflow/tfjs'
import type { PixelRange } from '../../common/graph/pixelRange'
import { err, ok, type Result } from '../../common/graph/result'
import type { ImageSet } from '../data/dataset'
import { imageBatch } from '../train/batches'
import { loadModel } from '../tfjs/modelFiles'
import { FEATURES_LAYER, FID_CLASSIFIER_DIR } from './fidClassifier'
import { frechetDistance, gaussianOf, type Gaussian } from './frechet'

/** Images a generative recipe makes for each epoch's FID (one that is costly may make fewer). */
export const FID_SAMPLES = 500

/** The image shape the classifier reads: Fashion-MNIST's. */
const SIDE = 28

/**
 * A Fréchet distance in the feature space of the small Fashion-MNIST classifier the repository
 * ships (data/fid-classifier): the FID's formula, with that classifier's 64 features in place of
 * Inception-v3's 2,048 — comparable between runs of this app on 28×28 grey images, not with
 * published FIDs.
 */
export class FidScorer {
  private constructor(
    private readonly classifier: tf.LayersModel,
    private readonly extractor: tf.LayersModel,
  ) {}

  /** The shipped classifier, loaded for one run (a few tens of kilobytes): dispose it after. */
  static async load(dir = FID_CLASSIFIER_DIR): Promise<Result<FidScorer>> {
    try {
      const model = await loadModel(dir)
      // Never trained here: its variables stay out of every trainable set.
      model.trainable = false
      const features = model.getLayer(FEATURES_LAYER).output
      if (Array.isArray(features)) throw new Error('the features layer has several outputs')
      return ok(new FidScorer(model, tf.model({ inputs: model.inputs, outputs: features })))
    } catch (e) {
      return err(`the FID classifier could not be loaded from ${dir}: ${String(e)}`)
    }
  }

  dispose(): void {
    this.classifier.dispose()
  }

  /** Whether images of this shape (without the batch) can be scored: 28×28, one channel. */
  static fits(shape: readonly number[]): boolean {
    const [h, w, c = 1] = shape
    return h === SIDE && w === SIDE && c === 1 && shape.length <= 3
  }

  /**
   * The Gaussian of the classifier's features of a batch of images in the given pixel range (read
   * back asynchronously: on a GPU backend a synchronous read is not available).
   */
  async gaussian(images: tf.Tensor, range: PixelRange): Promise<Gaussian> {
    const n = images.shape[0]
    const features = tf.tidy(() => {
      const unit = range === 'symmetric' ? tf.div(tf.add(images, 1), 2) : images
      const x = tf.clipByValue(tf.reshape(unit, [n, SIDE, SIDE, 1]), 0, 1)
      return this.extractor.predict(x, { batchSize: 250 }) as tf.Tensor
    })
    const d = features.shape[1] ?? 0
    const values = await features.data()
    features.dispose()
    return gaussianOf(values, n, d)
  }

  /** The Gaussian of the first n images of a set. */
  async reference(set: ImageSet, n: number): Promise<Gaussian> {
    const idx = Array.from({ length: Math.min(n, set.count) }, (_, i) => i)
    const x = imageBatch(set, idx, [SIDE, SIDE, 1], 'unit')
    try {
      return await this.gaussian(x, 'unit')
    } finally {
      x.dispose()
    }
  }
}

export { frechetDistance }
