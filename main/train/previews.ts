import * as tf from '@tensorflow/tfjs'
import type { PixelRange } from '../../common/graph/pixelRange'
import type { PreviewFrame, PreviewLabels } from '../../common/events'
import { latentMapPreview } from './latentMap'
import { gridPng } from './preview'

/** h, w, c of an image batch [n, h, w] or [n, h, w, c]. */
const dims = (t: tf.Tensor): [number, number, number] => [
  t.shape[1] ?? 1,
  t.shape[2] ?? 1,
  t.shape[3] ?? 1,
]

/** How a grid is laid out and what goes with it. */
export interface GridOptions {
  /** Images per row (a square grid by default). */
  readonly columns?: number
  /** Figures that go with the frame (D(real), diversity, …). */
  readonly stats?: Record<string, number>
  readonly labels?: PreviewLabels
}

/** A grid of images as a preview frame. */
export function imagesPreview(
  epoch: number,
  name: string,
  images: tf.Tensor,
  range: PixelRange,
  { columns, stats, labels }: GridOptions = {},
): PreviewFrame {
  const [h, w, c] = dims(images)
  const n = images.shape[0]
  const values = images.dataSync() as Float32Array
  const grid = gridPng(values, n, h, w, c, range, columns)
  return {
    type: 'preview',
    epoch,
    name,
    ...grid,
    ...(stats ? { stats } : {}),
    ...(labels ? { labels } : {}),
  }
}

/** Rows of images, one tensor per row (8 of each, reshaped to the first row's image shape), named. */
export function rowsPreview(
  epoch: number,
  name: string,
  rows: readonly tf.Tensor[],
  range: PixelRange,
  rowNames: readonly string[],
  caption?: string,
): PreviewFrame {
  const first = rows[0]
  if (!first) throw new Error('a preview needs at least one row')
  const n = Math.min(8, ...rows.map((r) => r.shape[0]))
  const grid = tf.tidy(() => {
    const shape = [n, ...first.shape.slice(1)]
    return tf.concat(rows.map((r) => tf.reshape(tf.slice(r, 0, [n, ...r.shape.slice(1)]), shape)))
  })
  const frame = imagesPreview(epoch, name, grid, range, {
    columns: n,
    labels: { rows: rowNames, ...(caption !== undefined ? { caption } : {}) },
  })
  grid.dispose()
  return frame
}

/** Originals on the first row, their reconstructions below (8 of each). */
export const reconstructionPreview = (
  epoch: number,
  originals: tf.Tensor,
  reconstructions: tf.Tensor,
  range: PixelRange,
): PreviewFrame =>
  rowsPreview(
    epoch,
    'reconstructions',
    [originals, reconstructions],
    range,
    ['original', 'rebuilt'],
    'held-out images and what the model rebuilds from their codings',
  )

/** The latent map of a batch of codings (any shape per example, flattened), or none for 1-D codings. */
export function latentMapFrames(
  epoch: number,
  codings: tf.Tensor,
  labels: tf.Tensor | null,
  classNames: readonly string[] = [],
): PreviewFrame[] {
  const n = codings.shape[0]
  const d = codings.size / Math.max(1, n)
  if (n < 2 || d < 2) return []
  const values = codings.dataSync() as Float32Array
  return [latentMapPreview(epoch, values, n, d, labels ? labels.dataSync() : null, classNames)]
}
