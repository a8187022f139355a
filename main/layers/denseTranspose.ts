import { applyActivation } from './activations'
import {
  single,
  singleShape,
  tf,
  type Kwargs,
  type LayerArgs,
  type LayerShape,
  type Tensor,
} from './tf'
import type { LayerVariable } from '@tensorflow/tfjs-layers/dist/variables'

export interface DenseTransposeArgs extends LayerArgs {
  /** Name of the Dense layer whose kernel this layer uses transposed. */
  tiedTo: string
  /** Output size: the tied layer's input size (kept so the layer can be rebuilt from its config). */
  units: number
  activation: string
}

/**
 * The chapter's DenseTranspose: y = act(x · Wᵀ + b) with W the tied Dense layer's kernel. Only the
 * bias is this layer's own weight, so a tied autoencoder has about half the weights of a stacked one.
 */
export class DenseTranspose extends tf.layers.Layer {
  static readonly className = 'DenseTranspose'
  readonly tiedTo: string
  readonly units: number
  readonly activationName: string
  private tied: tf.layers.Layer | null
  private bias: LayerVariable | null = null

  constructor(args: DenseTransposeArgs, tied: tf.layers.Layer | null = null) {
    super(args)
    this.tiedTo = args.tiedTo
    this.units = args.units
    this.activationName = args.activation
    this.tied = tied
  }

  /** Links the tied layer after the model was rebuilt from JSON (tfjs cannot pass layer objects in configs). */
  link(tied: tf.layers.Layer): void {
    this.tied = tied
  }

  /** The tied Dense layer's kernel [units, inputs] (what exporters need to write this layer out). */
  tiedKernel(): tf.Tensor | null {
    return this.tied?.trainableWeights[0]?.read() ?? null
  }

  override build(_shape: LayerShape | LayerShape[]): void {
    this.bias = this.addWeight('bias', [this.units], 'float32', tf.initializers.zeros())
    this.built = true
  }

  override computeOutputShape(shape: LayerShape | LayerShape[]): LayerShape {
    return [...singleShape(shape).slice(0, -1), this.units]
  }

  override call(inputs: Tensor | Tensor[], _kwargs: Kwargs): Tensor {
    const kernel = this.tied?.trainableWeights[0]
    if (!kernel || !this.bias)
      throw new Error(`DenseTranspose ${this.name}: tied layer ${this.tiedTo} is not linked`)
    return tf.tidy(() =>
      applyActivation(
        this.activationName,
        tf.add(tf.matMul(single(inputs), kernel.read(), false, true), this.bias?.read() ?? 0),
      ),
    )
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      tiedTo: this.tiedTo,
      units: this.units,
      activation: this.activationName,
    }
  }
}
