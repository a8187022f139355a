import * as tf from '@tensorflow/tfjs'
import type { PixelRange } from '../../common/graph/pixelRange'
import type { PreviewFrame, PreviewLabels } from '../../common/events'
import { latentMapPreview, pointSheet } from './latentMap'
import { gridPng } from './preview'
import type { StepData } from './recipe'

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

/** A preview's frames, in order, once each has read its pixels back (the reads overlap). */
export async function framesOf(
  ...parts: (Promise<PreviewFrame> | Promise<PreviewFrame[]>)[]
): Promise<PreviewFrame[]> {
  return (await Promise.all(parts)).flat()
}

/**
 * A grid of images as a preview frame. Previews read their pixels back asynchronously (a GPU
 * backend has no synchronous read): the caller may dispose `images` once this has resolved.
 */
export async function imagesPreview(
  epoch: number,
  name: string,
  images: tf.Tensor,
  range: PixelRange,
  { columns, stats, labels }: GridOptions = {},
): Promise<PreviewFrame> {
  const [h, w, c] = dims(images)
  const n = images.shape[0]
  const values = (await images.data()) as Float32Array
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
export async function rowsPreview(
  epoch: number,
  name: string,
  rows: readonly tf.Tensor[],
  range: PixelRange,
  rowNames: readonly string[],
  caption?: string,
): Promise<PreviewFrame> {
  const first = rows[0]
  if (!first) throw new Error('a preview needs at least one row')
  const n = Math.min(8, ...rows.map((r) => r.shape[0]))
  const grid = tf.tidy(() => {
    const shape = [n, ...first.shape.slice(1)]
    return tf.concat(rows.map((r) => tf.reshape(tf.slice(r, 0, [n, ...r.shape.slice(1)]), shape)))
  })
  try {
    return await imagesPreview(epoch, name, grid, range, {
      columns: n,
      labels: { rows: rowNames, ...(caption !== undefined ? { caption } : {}) },
    })
  } finally {
    grid.dispose()
  }
}

/** Originals on the first row, their reconstructions below (8 of each). */
export const reconstructionPreview = (
  epoch: number,
  originals: tf.Tensor,
  reconstructions: tf.Tensor,
  range: PixelRange,
): Promise<PreviewFrame> =>
  rowsPreview(
    epoch,
    'reconstructions',
    [originals, reconstructions],
    range,
    ['original', 'rebuilt'],
    'held-out images and what the model rebuilds from their codings',
  )

/** A run's preview sample is fixed: its images' sheet is made once (see pointSheet). */
const sheets = new WeakMap<tf.Tensor, ReturnType<typeof pointSheet>>()
async function sheetOf(x: tf.Tensor, range: PixelRange): Promise<ReturnType<typeof pointSheet>> {
  const known = sheets.get(x)
  if (known) return known
  const values = (await x.data()) as Float32Array
  const sheet = pointSheet(x.shape[0], { values, shape: dims(x), range })
  sheets.set(x, sheet)
  return sheet
}

/**
 * The latent map of a batch of codings (any shape per example, flattened), or none for 1-D codings;
 * when the sample is of images, each point carries its image for hovering.
 */
export async function latentMapFrames(
  epoch: number,
  codings: tf.Tensor,
  sample: StepData,
  range: PixelRange,
): Promise<PreviewFrame[]> {
  const n = codings.shape[0]
  const d = codings.size / Math.max(1, n)
  if (n < 2 || d < 2) return []
  const values = (await codings.data()) as Float32Array
  const x = sample.x
  const images = x.rank >= 3 && x.shape[0] === n ? await sheetOf(x, range) : undefined
  const labels = sample.labels ? await sample.labels.data() : null
  return [latentMapPreview(epoch, values, n, d, labels, sample.classNames, images)]
}
