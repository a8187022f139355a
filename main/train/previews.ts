import * as tf from '@tensorflow/tfjs'
import type { PixelRange } from '../../common/graph/pixelRange'
import type { PreviewFrame } from '../../common/events'
import { latentMapPreview } from './latentMap'
import { gridPng } from './preview'

/** h, w, c of an image batch [n, h, w] or [n, h, w, c]. */
const dims = (t: tf.Tensor): [number, number, number] => [
  t.shape[1] ?? 1,
  t.shape[2] ?? 1,
  t.shape[3] ?? 1,
]

/** A grid of images as a preview frame. */
export function imagesPreview(
  epoch: number,
  name: string,
  images: tf.Tensor,
  range: PixelRange,
  columns?: number,
  stats?: Record<string, number>,
): PreviewFrame {
  const [h, w, c] = dims(images)
  const n = images.shape[0]
  const values = images.dataSync() as Float32Array
  const grid = gridPng(values, n, h, w, c, range, columns)
  return { type: 'preview', epoch, name, ...grid, ...(stats ? { stats } : {}) }
}

/** Originals on the first row, their reconstructions below (8 of each). */
export function reconstructionPreview(
  epoch: number,
  originals: tf.Tensor,
  reconstructions: tf.Tensor,
  range: PixelRange,
): PreviewFrame {
  const n = Math.min(8, originals.shape[0])
  const both = tf.tidy(() => {
    const shape = [n, ...originals.shape.slice(1)]
    return tf.concat([
      tf.slice(originals, 0, shape),
      tf.reshape(tf.slice(reconstructions, 0, [n, ...reconstructions.shape.slice(1)]), shape),
    ])
  })
  const frame = imagesPreview(epoch, 'reconstructions', both, range, n)
  both.dispose()
  return frame
}

/** The latent map of a batch of codings (any shape per example, flattened), or none for 1-D codings. */
export function latentMapFrames(
  epoch: number,
  codings: tf.Tensor,
  labels: tf.Tensor | null,
): PreviewFrame[] {
  const n = codings.shape[0]
  const d = codings.size / Math.max(1, n)
  if (n < 2 || d < 2) return []
  const values = codings.dataSync() as Float32Array
  return [latentMapPreview(epoch, values, n, d, labels ? labels.dataSync() : null)]
}
