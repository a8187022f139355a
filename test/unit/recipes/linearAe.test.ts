import * as tf from '@tensorflow/tfjs'
import { beforeAll, expect, test } from 'vitest'
import { ovalPoints } from '../../../main/data/points'
import { splitValidation, takeFirst } from '../../../main/data/dataset'
import { loadPoints } from '../../../main/data/points'
import { imageBatch } from '../../../main/train/batches'
import { principalAxes } from '../../../main/train/latentMap'
import { initBackend } from '../../../main/tfjs/backend'
import { trainDocument } from '../../../main/train/run'
import { runModel } from '../../../main/train/context'
import type { PreviewFrame } from '../../../common/events'
import { loadTemplateDoc } from '../../helpers/templates'

beforeAll(async () => {
  expect((await initBackend('wasm')).ok).toBe(true)
})

/** The mean squared error of projecting points onto their top two principal axes (PCA's residual). */
function pcaResidual(points: Float32Array, n: number): number {
  const [u, v] = principalAxes(points, n, 3)
  const mean = [0, 1, 2].map((j) => {
    let s = 0
    for (let i = 0; i < n; i++) s += points[i * 3 + j] ?? 0
    return s / n
  })
  let sum = 0
  for (let i = 0; i < n; i++) {
    const x = [0, 1, 2].map((j) => (points[i * 3 + j] ?? 0) - (mean[j] ?? 0))
    const a = x.reduce((s, xj, j) => s + xj * (u[j] ?? 0), 0)
    const b = x.reduce((s, xj, j) => s + xj * (v[j] ?? 0), 0)
    x.forEach((xj, j) => (sum += (xj - a * (u[j] ?? 0) - b * (v[j] ?? 0)) ** 2))
  }
  return sum / (3 * n)
}

test('the points dataset: the chapter’s 60 points in 3-D, fed as they are', () => {
  const { train } = loadPoints('oval-3d')
  expect([train.count, train.height, train.width, train.channels]).toEqual([60, 1, 3, 1])
  expect(train.values?.length).toBe(180)
  // Spread mostly in a plane: the third principal direction holds far less variance than PCA keeps.
  expect(pcaResidual(ovalPoints(), 60)).toBeLessThan(0.04)
  const { train: rest, valid } = splitValidation(takeFirst(train, 50), 0.1)
  expect([rest.count, valid.count]).toEqual([45, 5])
  const batch = imageBatch(valid, [0, 1], [3], 'unit')
  expect(Array.from(batch.dataSync())).toEqual(Array.from(ovalPoints().subarray(135, 141)))
  batch.dispose()
})

test('the linear autoencoder finds PCA’s plane: its error is PCA’s, its codings are previewed', async () => {
  const frames = new Map<string, PreviewFrame>()
  // Seeded: SGD at the book's learning rate 0.5 diverges from about 1 draw of the initializers in 100.
  const doc = loadTemplateDoc('linear-ae')
  const result = await trainDocument(
    { ...doc, training: { ...doc.training, seed: 42 } },
    {
      onEvent: (e) => {
        if (e.type === 'preview') frames.set(e.name, e)
      },
    },
  )
  if (!result.ok) throw new Error(result.error)
  const [enc, dec] = result.value.compiled.models
  if (!enc || !dec) throw new Error('no models')
  const points = ovalPoints()
  const mse = tf.tidy(() => {
    const x = tf.tensor(points, [60, 3])
    const rebuilt = runModel(dec, runModel(enc, x, false).at(-1) ?? x, false).at(-1) ?? x
    return tf.mean(tf.square(tf.sub(rebuilt, x))).dataSync()[0] ?? NaN
  })
  // 500 epochs of SGD reach the best any 2-D linear projection can do, within 3%.
  const best = pcaResidual(points, 60)
  expect(mse).toBeGreaterThanOrEqual(best * 0.999)
  expect(mse).toBeLessThan(best * 1.03)
  expect(frames.get('codings')?.width).toBe(200)
  expect(frames.has('reconstructions')).toBe(false)
}, 60_000)
