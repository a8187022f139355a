import { beforeAll, expect, test } from 'vitest'
import type { PreviewFrame } from '../../../common/events'
import { initBackend } from '../../../main/tfjs/backend'
import { hashesOf } from '../../../main/recipes/autoencoder/hashing'
import { trainDocument } from '../../../main/train/run'
import { loadTemplateDoc } from '../../helpers/templates'

beforeAll(async () => {
  expect((await initBackend('wasm')).ok).toBe(true)
})

test('a hash is the codings rounded to bits, the first coding the most significant', () => {
  expect(hashesOf([0.9, 0.1, 0.6, 0.4, 0.2, 0.7], 2, 3)).toEqual([0b101, 0b001])
})

/** The frames of each preview name after training a template. */
async function previewsOf(id: string, epochs: number): Promise<Map<string, PreviewFrame>> {
  const last = new Map<string, PreviewFrame>()
  const result = await trainDocument(loadTemplateDoc(id), {
    epochs,
    onEvent: (e) => {
      if (e.type === 'preview') last.set(e.name, e)
    },
  })
  if (!result.ok) throw new Error(result.error)
  return last
}

test('hashing autoencoder: similar images share hashes, shown a row per hash', async () => {
  const frames = await previewsOf('hashing-ae', 4)
  const hashes = frames.get('hashes')
  if (!hashes) throw new Error('no hashes preview')
  // The 256 preview images fall into far fewer buckets than images: the codings became bits.
  expect(hashes.stats?.['distinctHashes']).toBeLessThan(200)
  expect(hashes.stats?.['largestBucket']).toBeGreaterThanOrEqual(4)
  // A row of eight 28×28 tiles for each of the (up to) ten most common hashes.
  const rows = Math.min(10, hashes.stats?.['distinctHashes'] ?? 0)
  expect(hashes.width).toBe(8 * 28 + 9)
  expect(hashes.height).toBe(rows * 28 + rows + 1)
}, 120_000)

test('denoising autoencoders preview originals, corrupted copies and what they rebuild', async () => {
  const frames = await previewsOf('denoising-gaussian-ae', 1)
  const denoised = frames.get('denoised')
  expect(denoised?.height).toBe(3 * 28 + 4)
  expect(frames.has('reconstructions')).toBe(true)
}, 120_000)
