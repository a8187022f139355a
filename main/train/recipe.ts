import type * as tf from '@tensorflow/tfjs'
import type { PixelRange } from '../../common/graph/pixelRange'
import type { PreviewFrame } from '../../common/events'

/** One batch as the loop hands it to a recipe. */
export interface StepData {
  readonly x: tf.Tensor
  readonly labels: tf.Tensor1D | null
  /** The names of the label values (a latent map's legend), when the set has labels. */
  readonly classNames?: readonly string[]
}

/** Scalar metrics a step produces; the loop reads and disposes them. */
export type StepMetrics = Record<string, tf.Scalar>

/** A recipe bound to compiled models: what the loop calls each step. */
export interface RecipeSession {
  /** Shape of one example as fed to the model (its image input, without the batch dimension). */
  readonly inputShape: readonly number[]
  readonly range: PixelRange
  /** One optimizer step on a batch (inside tf.tidy; the returned scalars are kept). */
  trainStep(batch: StepData): StepMetrics
  /**
   * Called at each epoch's end, before validation, with a source of random training batches (a
   * recipe that re-estimates batch normalization's statistics uses it). Optional.
   */
  epochEnd?(drawBatch: () => StepData): void
  /**
   * New images from the model, for the sample-quality score (FID) at each epoch's end: in the
   * session's range and input shape, as many as the recipe affords. Generative recipes only.
   */
  generate?(): tf.Tensor
  /** Metrics on held-out data, without updates. */
  evaluate(batch: StepData): StepMetrics
  /**
   * Preview frames of the current weights (pixels read back asynchronously, as a GPU backend
   * needs); `sample` is a fixed validation batch. `epochEnd` is
   * true for the frame after each epoch; costly previews (diffusion sampling) are made only then.
   * `allowanceMs` is what the run's preview budget has left (Infinity without a budget): a
   * preview whose cost can scale (the diffusion filmstrip's reverse steps) keeps to it.
   */
  previews(
    epoch: number,
    sample: StepData,
    epochEnd: boolean,
    allowanceMs: number,
  ): Promise<PreviewFrame[]>
  /** The variables that make up the trained state, for last-good snapshots. */
  readonly variables: readonly tf.Variable[]
  /** The optimizers it steps with, in a fixed order (their state goes into checkpoints). */
  readonly optimizers: readonly tf.Optimizer[]
  /** Releases the recipe's own tensors and optimizers (not the models). */
  dispose(): void
}

/** One loop run of a training: most recipes have one; the classifier may pretrain an autoencoder first. */
export interface Phase {
  /** `train`; `pretrain` before a classifier; `layer-k` for greedy layer-wise phases. */
  readonly name: string
  readonly session: RecipeSession
  readonly epochs?: number
  /** The recipe setting `epochs` comes from (the user is told which setting sets which phase). */
  readonly epochsSetting?: string
  /** The share of the training set this phase uses (the labelled fraction for a classifier). */
  readonly fraction: number
}
