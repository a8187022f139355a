// Trains the small Fashion-MNIST classifier whose features the FID score uses (main/metrics/fid.ts)
// and writes it to data/fid-classifier/. Needs the full Fashion-MNIST (Debian's
// dataset-fashion-mnist, or `latent-studio download fashion-mnist`).
// Usage: npx tsx scripts/trainFidClassifier.ts [epochs]
import * as tf from '@tensorflow/tfjs'
import { findFashionMnist, loadFashionMnist } from '../main/data/fashionMnist'
import { imageBatch, labelBatch } from '../main/train/batches'
import { initBackend } from '../main/tfjs/backend'
import { saveModel } from '../main/tfjs/modelFiles'
import { FID_CLASSIFIER_DIR, fidClassifier } from '../main/metrics/fidClassifier'

const epochs = Number(process.argv[2] ?? 4)
const backend = await initBackend('wasm')
if (!backend.ok) throw new Error('no wasm backend')
const dir = findFashionMnist()
if (!dir)
  throw new Error('the full Fashion-MNIST is needed (apt-get install dataset-fashion-mnist)')
const data = await loadFashionMnist(dir)
if (!data.ok) throw new Error(data.error)
const { train, test } = data.value
const all = (set: typeof train) => Array.from({ length: set.count }, (_, i) => i)
const x = imageBatch(train, all(train), [28, 28, 1], 'unit')
const y = tf.oneHot(labelBatch(train, all(train)), 10)
const model = fidClassifier()
model.compile({
  optimizer: tf.train.adam(1e-3),
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
})
model.summary()
await model.fit(x, y, {
  epochs,
  batchSize: 64,
  validationSplit: 1 / 12,
  callbacks: {
    onEpochEnd: (epoch, logs) => {
      console.log(`epoch ${epoch + 1}: ${JSON.stringify(logs)}`)
    },
  },
})
const xt = imageBatch(test, all(test), [28, 28, 1], 'unit')
const yt = tf.oneHot(labelBatch(test, all(test)), 10)
const [, accuracy] = model.evaluate(xt, yt, { batchSize: 256 }) as tf.Scalar[]
console.log(`test accuracy ${accuracy?.dataSync()[0]?.toFixed(4) ?? '?'} on ${test.count} images`)
await saveModel(model, FID_CLASSIFIER_DIR)
console.log(`wrote ${FID_CLASSIFIER_DIR}`)
