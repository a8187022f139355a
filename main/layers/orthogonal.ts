import * as tf from '@tensorflow/tfjs'
import type { Initializer } from '@tensorflow/tfjs-layers/dist/initializers'

/** tfjs's Initializer base class, taken from one of its own initializers (it is not exported). */
const zerosPrototype: unknown = Object.getPrototypeOf(tf.initializers.zeros())
const basePrototype: unknown =
  typeof zerosPrototype === 'object' && zerosPrototype !== null
    ? Object.getPrototypeOf(zerosPrototype)
    : null
const InitializerBase = (
  typeof basePrototype === 'object' && basePrototype !== null ? basePrototype.constructor : null
) as abstract new () => Initializer
if (typeof InitializerBase !== 'function') throw new Error('tfjs has no Initializer base class')

/**
 * An orthogonal matrix of rows × cols (rows ≥ cols: orthonormal columns), Keras's way: a standard
 * normal matrix's QR factorization by Gram–Schmidt (with reorthogonalization) in doubles, Q's columns signed by
 * R's diagonal.
 */
export function orthogonalMatrix(rows: number, cols: number, normal: () => number): Float64Array {
  const q = Float64Array.from({ length: rows * cols }, normal)
  for (let j = 0; j < cols; j++) {
    // Twice, as "twice is enough" (Parlett, Kahan): one pass loses orthogonality on
    // ill-conditioned draws.
    for (let pass = 0; pass < 2; pass++)
      for (let k = 0; k < j; k++) {
        let dot = 0
        for (let i = 0; i < rows; i++) dot += (q[i * cols + j] ?? 0) * (q[i * cols + k] ?? 0)
        for (let i = 0; i < rows; i++)
          q[i * cols + j] = (q[i * cols + j] ?? 0) - dot * (q[i * cols + k] ?? 0)
      }
    let norm = 0
    for (let i = 0; i < rows; i++) norm += (q[i * cols + j] ?? 0) ** 2
    norm = Math.sqrt(norm) || 1
    // R's diagonal is the norm (positive), so no sign flip is needed after Gram–Schmidt.
    for (let i = 0; i < rows; i++) q[i * cols + j] = (q[i * cols + j] ?? 0) / norm
  }
  return q
}

/**
 * Keras's orthogonal initializer (recurrent kernels' default) computed in plain JavaScript:
 * tfjs's own runs its QR through tensor ops, 9 s for one LSTM(100) on the cpu backend. It is
 * registered under tfjs's class name, `Orthogonal`, so layers asking for 'orthogonal' get it and
 * saved models name the standard initializer (they load in any TensorFlow.js).
 */
export class FastOrthogonal extends InitializerBase {
  static className = 'Orthogonal'
  private readonly gain: number

  /** As tfjs deserializes it (a saved model's `{gain, seed}`). */
  static fromConfig(
    cls: new (args: { gain?: number }) => FastOrthogonal,
    config: tf.serialization.ConfigDict,
  ): FastOrthogonal {
    const gain = config['gain']
    return new cls(typeof gain === 'number' ? { gain } : {})
  }

  constructor(args: { gain?: number } = {}) {
    super()
    this.gain = args.gain ?? 1
  }

  apply(shape: number[]): tf.Tensor {
    if (shape.length < 2)
      throw new Error('an orthogonal initializer needs a shape of rank 2 or more')
    const cols = shape.at(-1) ?? 1
    const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1)
    const normal = () => {
      const u = 1 - Math.random()
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * Math.random())
    }
    const tall = orthogonalMatrix(Math.max(rows, cols), Math.min(rows, cols), normal)
    const out = new Float32Array(rows * cols)
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++)
        out[r * cols + c] =
          this.gain * ((rows >= cols ? tall[r * cols + c] : tall[c * rows + r]) ?? 0)
    return tf.tensor(out, shape)
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { gain: this.gain, seed: null }
  }
}

tf.serialization.registerClass(FastOrthogonal)
