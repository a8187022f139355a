import * as tf from '@tensorflow/tfjs'
import type { PixelRange } from '../../common/graph/pixelRange'
import type { ImageSet } from '../data/dataset'

/** A float batch of the given examples, shaped as the model input (without the batch dim) says. */
export function imageBatch(
  set: ImageSet,
  indices: ArrayLike<number>,
  shape: readonly number[],
  range: PixelRange,
): tf.Tensor {
  const out = new Float32Array(indices.length * set.height * set.width * set.channels)
  writeImageValues(set, indices, range, out, 0)
  return tf.tensor(out, [indices.length, ...shape])
}

/** Writes the examples' pixels, scaled to `range` (a numeric table's values as they are), into `out` from `offset` on. */
export function writeImageValues(
  set: ImageSet,
  indices: ArrayLike<number>,
  range: PixelRange,
  out: Float32Array,
  offset: number,
): void {
  const per = set.height * set.width * set.channels
  const values = set.values
  if (values) {
    // A numeric table: the values as they are.
    for (let i = 0; i < indices.length; i++) {
      const src = (indices[i] ?? 0) * per
      out.set(values.subarray(src, src + per), offset + i * per)
    }
    return
  }
  const [scale, shift] = range === 'unit' ? [1 / 255, 0] : [2 / 255, -1]
  for (let i = 0; i < indices.length; i++) {
    const src = (indices[i] ?? 0) * per
    const dst = offset + i * per
    for (let j = 0; j < per; j++) out[dst + j] = (set.pixels[src + j] ?? 0) * scale + shift
  }
}

/** Labels of the given examples as an int32 tensor. */
export function labelBatch(set: ImageSet, indices: ArrayLike<number>): tf.Tensor1D {
  if (!set.labels) throw new Error('labelBatch on an unlabelled set')
  const labels = set.labels
  return tf.tensor1d(
    Int32Array.from({ length: indices.length }, (_, i) => labels[indices[i] ?? 0] ?? 0),
    'int32',
  )
}

/** A fresh random permutation of 0..n-1 (Fisher–Yates). */
export function permutation(n: number, random: () => number = Math.random): Int32Array {
  const p = Int32Array.from({ length: n }, (_, i) => i)
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    const tmp = p[i] ?? 0
    p[i] = p[j] ?? 0
    p[j] = tmp
  }
  return p
}

/** Checks that a model input fits the dataset's images (same number of values per example). */
export function fitsImages(set: ImageSet, shape: readonly number[]): boolean {
  return shape.reduce((a, b) => a * b, 1) === set.height * set.width * set.channels
}
