import { beforeAll, expect, test } from 'vitest'
import { initBackend } from '../../../main/tfjs/backend'
import { trainDocument } from '../../../main/train/run'
import { seededUniform, withSeed } from '../../../main/train/random'
import type { GraphDoc } from '../../../common/graph/schema'
import { loadTemplateDoc } from '../../helpers/templates'

beforeAll(async () => {
  expect((await initBackend('wasm')).ok).toBe(true)
})

/** Every epoch's training loss of a run, and the first weights of each model at its end. */
async function run(doc: GraphDoc, seed: number | undefined, threads: number) {
  const losses: number[] = []
  let used = 0
  const result = await trainDocument(
    { ...doc, training: { ...doc.training, ...(seed === undefined ? {} : { seed }) } },
    {
      epochs: 2,
      limit: 192,
      threads,
      previewEverySec: 0,
      onEvent: (e) => {
        if (e.type !== 'epoch') return
        losses.push(e.metrics['loss'] ?? NaN)
        used = e.threads
      },
    },
  )
  if (!result.ok) throw new Error(result.error)
  const weights = result.value.compiled.models.map((m) =>
    Array.from(m.model.getWeights()[0]?.dataSync() ?? []).slice(0, 8),
  )
  return { losses, weights, threads: used }
}

test('the generator is the same on every call with one seed, and differs across seeds', () => {
  const a = seededUniform(7)
  const b = seededUniform(7)
  const first = [a(), a(), a()]
  expect([b(), b(), b()]).toEqual(first)
  expect(seededUniform(8)()).not.toBe(first[0])
  expect(first.every((x) => x >= 0 && x < 1)).toBe(true)
})

test('withSeed restores Math.random after the run, even when it throws', async () => {
  const original = Math.random
  await expect(
    withSeed(3, () => {
      expect(Math.random).not.toBe(original)
      return Promise.reject(new Error('boom'))
    }),
  ).rejects.toThrow('boom')
  expect(Math.random).toBe(original)
})

test('a seeded run repeats exactly (initializers, shuffles, dropout, previews drawn aside); another seed does not', async () => {
  // The dropout denoiser: its initializers, its shuffles and its dropout masks all draw.
  const doc = loadTemplateDoc('denoising-ae')
  const first = await run(doc, 11, 1)
  const again = await run(doc, 11, 1)
  const other = await run(doc, 12, 1)
  expect(first.losses).toHaveLength(2)
  expect(again.losses).toEqual(first.losses)
  expect(again.weights).toEqual(first.weights)
  expect(other.losses[0]).not.toBe(first.losses[0])
  expect(other.weights[0]).not.toEqual(first.weights[0])
}, 60_000)

test('a seeded run on two threads repeats too (each replica draws its own seeded sequence)', async () => {
  const doc = loadTemplateDoc('denoising-ae')
  const first = await run(doc, 5, 2)
  const again = await run(doc, 5, 2)
  expect(first.threads).toBe(2)
  expect(again.losses).toEqual(first.losses)
  expect(again.weights).toEqual(first.weights)
}, 60_000)
