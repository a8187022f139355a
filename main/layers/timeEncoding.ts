import {
  single,
  singleShape,
  tf,
  type Kwargs,
  type LayerArgs,
  type LayerShape,
  type Tensor,
} from './tf'

export interface TimeEncodingArgs extends LayerArgs {
  steps: number
  dims: number
}

/** The sinusoidal table of the chapter: row t holds sin/cos of t / 10000^(i/dims), interleaved. */
export function timeEncodingTable(steps: number, dims: number): Float32Array {
  const table = new Float32Array((steps + 1) * dims)
  for (let t = 0; t <= steps; t++) {
    for (let k = 0; k < dims / 2; k++) {
      const angle = t / 10_000 ** ((2 * k) / dims)
      table[t * dims + 2 * k] = Math.sin(angle)
      table[t * dims + 2 * k + 1] = Math.cos(angle)
    }
  }
  return table
}

/**
 * The constant tables, one per backend and (steps, dims), shared by every layer that needs one:
 * the engine frees a run's graph with tf.disposeVariables, which would leave a per-layer table
 * behind on every run. Per backend: a table made on a GPU backend cannot be read synchronously by
 * a later run on another (tfjs would move it with a synchronous read).
 */
const TABLES = new Map<string, Tensor>()

/** The shared table for (steps, dims) on the current backend. */
export function sharedTable(steps: number, dims: number): Tensor {
  const key = `${tf.getBackend()}:${String(steps)}×${String(dims)}`
  const cached = TABLES.get(key)
  if (cached && !cached.isDisposed) return cached
  const table = tf.keep(tf.tensor2d(timeEncodingTable(steps, dims), [steps + 1, dims]))
  TABLES.set(key, table)
  return table
}

/** Embeds integer diffusion steps: a lookup into a constant sinusoidal table (no trainable weights). */
export class TimeEncoding extends tf.layers.Layer {
  static readonly className = 'TimeEncoding'
  readonly steps: number
  readonly dims: number
  /** Shared with the other layers of the same size; never disposed by one of them. */
  private table: Tensor | null = null

  constructor(args: TimeEncodingArgs) {
    super(args)
    this.steps = args.steps
    this.dims = args.dims
  }

  override build(_shape: LayerShape | LayerShape[]): void {
    this.table = sharedTable(this.steps, this.dims)
    this.built = true
  }

  override computeOutputShape(shape: LayerShape | LayerShape[]): LayerShape {
    return [singleShape(shape)[0] ?? null, this.dims]
  }

  override call(inputs: Tensor | Tensor[], _kwargs: Kwargs): Tensor {
    if (!this.table) throw new Error('TimeEncoding called before build')
    const table = this.table
    return tf.tidy(() => tf.gather(table, tf.cast(tf.reshape(single(inputs), [-1]), 'int32')))
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), steps: this.steps, dims: this.dims }
  }
}
