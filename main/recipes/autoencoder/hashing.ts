import * as tf from '@tensorflow/tfjs'
import type { PixelRange } from '../../../common/graph/pixelRange'
import type { PreviewFrame } from '../../../common/events'
import { imagesPreview } from '../../train/previews'

/** Rows (hashes) and columns (images per hash) of the semantic-hashing preview, as in the chapter. */
const HASH_ROWS = 10
const HASH_COLUMNS = 8

/** Each example's codings rounded to bits (≥ 0.5 is 1), first coding the most significant bit. */
export function hashesOf(codings: Float32Array | number[], n: number, bits: number): number[] {
  return Array.from({ length: n }, (_, i) => {
    let h = 0
    for (let b = 0; b < bits; b++) h = h * 2 + ((codings[i * bits + b] ?? 0) >= 0.5 ? 1 : 0)
    return h
  })
}

/**
 * Semantic hashing's preview: the images of the batch grouped by the hash of their codings (each
 * coding rounded to a bit), one row per hash, the most common hashes first; rows shorter than the
 * grid are left blank. The stats say how many distinct hashes the batch has.
 */
export async function hashPreview(
  epoch: number,
  images: tf.Tensor,
  codings: tf.Tensor,
  range: PixelRange,
): Promise<PreviewFrame> {
  const n = images.shape[0]
  const bits = codings.size / Math.max(1, n)
  const hashes = hashesOf((await codings.data()) as Float32Array, n, bits)
  const members = new Map<number, number[]>()
  hashes.forEach((h, i) => members.set(h, [...(members.get(h) ?? []), i]))
  const common = [...members.values()].sort((a, b) => b.length - a.length).slice(0, HASH_ROWS)
  const grid = tf.tidy(() => {
    const blank = tf.zerosLike(images.slice(0, 1))
    const tiles = common.flatMap((rows) =>
      Array.from({ length: HASH_COLUMNS }, (_, c) => {
        const i = rows[c]
        return i === undefined ? blank : images.slice(i, 1)
      }),
    )
    return tf.concat(tiles)
  })
  const bucketHash = new Map([...members].map(([h, rows]) => [rows, h]))
  try {
    return await imagesPreview(epoch, 'hashes', grid, range, {
      columns: HASH_COLUMNS,
      stats: { distinctHashes: members.size, largestBucket: common[0]?.length ?? 0 },
      labels: {
        caption: 'the most common hashes, a row of the images sharing each',
        rows: common.map(
          (rows) =>
            `${(bucketHash.get(rows) ?? 0).toString(2).padStart(bits, '0')} ×${String(rows.length)}`,
        ),
      },
    })
  } finally {
    grid.dispose()
  }
}
