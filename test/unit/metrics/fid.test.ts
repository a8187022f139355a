import * as tf from '@tensorflow/tfjs'
import { beforeAll, expect, test } from 'vitest'
import { loadEmbedded } from '../../../main/data/embedded'
import { imageBatch, labelBatch } from '../../../main/train/batches'
import { initBackend } from '../../../main/tfjs/backend'
import { loadModel } from '../../../main/tfjs/modelFiles'
import { FID_CLASSIFIER_DIR } from '../../../main/metrics/fidClassifier'
import { FidScorer, frechetDistance } from '../../../main/metrics/fid'

beforeAll(async () => {
  expect((await initBackend('wasm')).ok).toBe(true)
})

test('the shipped classifier is a trained one: most embedded test images are classified right', async () => {
  const data = await loadEmbedded()
  if (!data.ok) throw new Error(data.error)
  const { test: set } = data.value
  const idx = Array.from({ length: set.count }, (_, i) => i)
  const model = await loadModel(FID_CLASSIFIER_DIR)
  const accuracy = tf.tidy(() => {
    const probs = model.predict(imageBatch(set, idx, [28, 28, 1], 'unit')) as tf.Tensor
    const right = tf.equal(tf.argMax(probs, 1), labelBatch(set, idx))
    return tf.mean(tf.cast(right, 'float32')).dataSync()[0] ?? 0
  })
  // scripts/trainFidClassifier.ts measured 83.6 % on the full 10,000 test images.
  expect(accuracy).toBeGreaterThan(0.75)
  expect(model.countParams()).toBeLessThan(20_000)
})

test('FID: training images are near the test images, noise and blur are far', async () => {
  const data = await loadEmbedded()
  const scorer = await FidScorer.load()
  if (!data.ok || !scorer.ok) throw new Error('no data or no classifier')
  const { train, test: set } = data.value
  const reference = await scorer.value.reference(set, 500)
  const floor = frechetDistance(await scorer.value.reference(train, 500), reference)
  const noise = tf.randomUniform([500, 28, 28])
  const blurred = tf.tidy(() => {
    const x = imageBatch(
      train,
      Array.from({ length: 500 }, (_, i) => i),
      [28, 28, 1],
      'unit',
    )
    return tf.avgPool(x as tf.Tensor4D, 5, 1, 'same')
  })
  const ofNoise = frechetDistance(await scorer.value.gaussian(noise, 'unit'), reference)
  const ofBlur = frechetDistance(await scorer.value.gaussian(blurred, 'unit'), reference)
  expect(floor).toBeLessThan(2)
  expect(ofBlur).toBeGreaterThan(floor * 5)
  expect(ofNoise).toBeGreaterThan(ofBlur)
  // The range is honoured: the same images in [−1, 1] score as in [0, 1].
  const symmetric = tf.sub(tf.mul(blurred, 2), 1)
  expect(
    frechetDistance(await scorer.value.gaussian(symmetric, 'symmetric'), reference),
  ).toBeCloseTo(ofBlur, 3)
  tf.dispose([noise, blurred, symmetric])
})
