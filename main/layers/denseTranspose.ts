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
  /**
   * The tied Dense layer, by name. Written as `{ name }`: tfjs's loader rewrites other string
   * values of a config to camelCase (`dense_2` → `dense2`) but keeps `name` keys as written.
   */
  tied: { name: string }
  /** Output size: the tied layer's input size (kept so the layer can be rebuilt from its config). */
  units: number
  activation: string
  /**
   * Whether the layer carries a copy of the tied kernel (`tied_kernel`, not trainable), as saved
   * files do: it then runs on its own, without the tied layer's model.
   */
  tiedKernel?: boolean
}

/**
 * The chapter's DenseTranspose: y = act(x · Wᵀ + b) with W the tied Dense layer's kernel. Only the
 * bias is this layer's own weight, so a tied autoencoder has about half the weights of a stacked one.
 * Saved, it carries a copy of W (see shipKernel), so a decoder loads without its encoder; linked
 * to the tied layer again, it uses that layer's live kernel.
 */
export class DenseTranspose extends tf.layers.Layer {
  static readonly className = 'DenseTranspose'
  readonly tiedName: string
  readonly units: number
  readonly activationName: string
  private readonly carriesKernel: boolean
  private tied: tf.layers.Layer | null
  private bias: LayerVariable | null = null
  private kernelCopy: LayerVariable | null = null

  constructor(args: DenseTransposeArgs, tied: tf.layers.Layer | null = null) {
    super(args)
    this.tiedName = args.tied.name
    this.units = args.units
    this.activationName = args.activation
    this.carriesKernel = args.tiedKernel === true
    this.tied = tied
  }

  /** Links the tied layer (after a model was rebuilt from JSON, or to tie a loaded copy again). */
  link(tied: tf.layers.Layer): void {
    this.tied = tied
  }

  /** Whether the layer can run: linked to its tied layer, or carrying a copy of its kernel. */
  get runnable(): boolean {
    return this.tied !== null || this.kernelCopy !== null
  }

  /** The kernel it uses, [units, inputs]: the tied layer's, else its own copy. */
  private kernel(): LayerVariable | null {
    return this.tied?.trainableWeights[0] ?? this.kernelCopy
  }

  /** The tied Dense layer's kernel [units, inputs] (what exporters need to write this layer out). */
  tiedKernel(): tf.Tensor | null {
    return this.kernel()?.read() ?? null
  }

  /**
   * Gives the layer a copy of the tied layer's kernel as it is now (a weight of its own, saved
   * with it), so that the saved model runs without the tied layer's model. Once per layer.
   */
  shipKernel(): void {
    const kernel = this.tied?.trainableWeights[0]
    if (!kernel || this.kernelCopy) return
    // Outside build, tfjs does not scope a weight's name by its layer: named here as build would.
    this.kernelCopy = this.addWeight(
      `${this.name}/tied_kernel`,
      kernel.shape,
      'float32',
      tf.initializers.zeros(),
      undefined,
      false,
    )
    this.kernelCopy.write(kernel.read())
  }

  override build(shape: LayerShape | LayerShape[]): void {
    this.bias = this.addWeight('bias', [this.units], 'float32', tf.initializers.zeros())
    if (this.carriesKernel) {
      const inputs = singleShape(shape).at(-1)
      if (typeof inputs !== 'number')
        throw new Error(`DenseTranspose ${this.name}: its input needs a known last dimension`)
      this.kernelCopy = this.addWeight(
        'tied_kernel',
        [this.units, inputs],
        'float32',
        tf.initializers.zeros(),
        undefined,
        false,
      )
    }
    this.built = true
  }

  override computeOutputShape(shape: LayerShape | LayerShape[]): LayerShape {
    return [...singleShape(shape).slice(0, -1), this.units]
  }

  override call(inputs: Tensor | Tensor[], _kwargs: Kwargs): Tensor {
    const kernel = this.kernel()
    if (!kernel || !this.bias)
      throw new Error(`DenseTranspose ${this.name}: tied layer ${this.tiedName} is not linked`)
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
      tied: { name: this.tiedName },
      units: this.units,
      activation: this.activationName,
      tiedKernel: this.kernelCopy !== null,
    }
  }
}
