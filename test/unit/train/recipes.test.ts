import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, test } from 'vitest'
import { loadEmbedded } from '../../../main/data/embedded'
import { initBackend } from '../../../main/tfjs/backend'
import { loadTemplate } from '../../../main/documents/templates'
import type { GraphDoc } from '../../../common/graph/schema'
import type { Metrics, TrainEvent } from '../../../common/events'
import { trainDocument } from '../../../main/train/run'
import { COMPOSITES, insertComposite } from '../../../common/graph/composites'
import { parseDocument } from '../../../common/graph/parse'

beforeAll(async () => {
  expect((await initBackend('wasm')).ok).toBe(true)
})

const template = (id: string): GraphDoc => {
  const d = loadTemplate(id)
  if (!d.ok) throw new Error(JSON.stringify(d.error))
  return d.value
}

/** Trains and records each epoch's metrics and the live tensor count after it. */
async function train(doc: GraphDoc, epochs: number, limit?: number, fid = true) {
  const perEpoch: { metrics: Metrics; tensors: number }[] = []
  const previews: string[] = []
  const onEvent = (e: TrainEvent) => {
    if (e.type === 'epoch') perEpoch.push({ metrics: e.metrics, tensors: tf.memory().numTensors })
    if (e.type === 'preview') previews.push(e.name)
  }
  const result = await trainDocument(doc, { epochs, onEvent, fid, ...(limit ? { limit } : {}) })
  if (!result.ok) throw new Error(result.error)
  return { perEpoch, previews, compiled: result.value.compiled }
}
const metric = (m: Metrics | undefined, name: string) => m?.[name] ?? NaN

describe('recipes learn on the embedded subset', () => {
  test('stacked autoencoder: reconstruction loss falls, no tensor leaks', async () => {
    const { perEpoch, previews } = await train(template('stacked-ae'), 3)
    const [first, , last] = perEpoch
    expect(metric(last?.metrics, 'val_loss')).toBeLessThan(metric(first?.metrics, 'val_loss') * 0.9)
    expect(metric(last?.metrics, 'val_loss')).toBeLessThan(0.04)
    expect(new Set(perEpoch.map((e) => e.tensors)).size).toBe(1)
    expect(previews).toContain('reconstructions')
  }, 120_000)

  test('VAE: reconstruction falls while the latent loss stays finite, samples previewed', async () => {
    const { perEpoch, previews } = await train(template('vae'), 3)
    const [first, , last] = perEpoch
    expect(metric(last?.metrics, 'val_reconstruction')).toBeLessThan(
      metric(first?.metrics, 'val_reconstruction'),
    )
    expect(Number.isFinite(metric(last?.metrics, 'val_latent'))).toBe(true)
    expect(new Set(perEpoch.map((e) => e.tensors)).size).toBe(1)
    expect(previews).toEqual(expect.arrayContaining(['reconstructions', 'samples', 'latent-map']))
    // The sample-quality score falls as the decoder learns, far above the test set's own floor.
    expect(metric(last?.metrics, 'fid')).toBeLessThan(metric(first?.metrics, 'fid'))
    expect(metric(last?.metrics, 'fid_floor')).toBeLessThan(metric(last?.metrics, 'fid') / 10)
  }, 120_000)

  test('unsupervised pretraining: the autoencoder phase then a classifier on few labels beats chance', async () => {
    const doc = template('pretrain-classifier')
    if (doc.training.recipe !== 'classifier') throw new Error('wrong recipe')
    const quicker: GraphDoc = {
      ...doc,
      training: {
        ...doc.training,
        epochs: 8,
        settings: { ...doc.training.settings, pretrainEpochs: 3, labelledFraction: 0.3 },
      },
    }
    const phases: string[] = []
    const epochs: { phase: string; metrics: Metrics }[] = []
    const result = await trainDocument(quicker, {
      onEvent: (e) => {
        if (e.type === 'start') phases.push(`${e.phase}:${e.trainExamples}`)
        if (e.type === 'epoch') epochs.push({ phase: e.phase, metrics: e.metrics })
      },
    })
    if (!result.ok) throw new Error(result.error)
    expect(phases).toEqual(['pretrain:1800', 'train:540'])
    const pretrain = epochs.filter((e) => e.phase === 'pretrain')
    expect(metric(pretrain.at(-1)?.metrics, 'val_loss')).toBeLessThan(
      metric(pretrain[0]?.metrics, 'val_loss'),
    )
    const last = epochs.at(-1)
    expect(last?.phase).toBe('train')
    expect(metric(last?.metrics, 'val_accuracy')).toBeGreaterThan(0.4) // 10 classes: chance is 0.1
    // The same classifier from scratch, on the same labelled examples, learns beside it.
    expect(metric(last?.metrics, 'val_scratch_accuracy')).toBeGreaterThan(0.3)
    expect(metric(last?.metrics, 'scratch_loss')).toBeLessThan(
      metric(epochs.find((e) => e.phase === 'train')?.metrics, 'scratch_loss'),
    )
  }, 120_000)

  test('a classifier on a labelled fraction is validated on the whole held-out set', async () => {
    const doc = template('pretrain-classifier')
    if (doc.training.recipe !== 'classifier') throw new Error('wrong recipe')
    // 2 % of 1,800 is 36 labelled examples; validation keeps its 200, so accuracy is in 0.005 steps.
    const few: GraphDoc = {
      ...doc,
      training: {
        ...doc.training,
        epochs: 1,
        settings: { ...doc.training.settings, pretrainEpochs: 0, labelledFraction: 0.02 },
      },
    }
    const accuracies: number[] = []
    const examples: number[] = []
    const result = await trainDocument(few, {
      onEvent: (e) => {
        if (e.type === 'start') examples.push(e.trainExamples)
        if (e.type === 'epoch') accuracies.push(metric(e.metrics, 'val_accuracy'))
      },
    })
    if (!result.ok) throw new Error(result.error)
    expect(examples).toEqual([36])
    const acc = accuracies[0] ?? NaN
    expect(Math.abs(acc * 200 - Math.round(acc * 200))).toBeLessThan(1e-3)
    expect(acc).toBeGreaterThan(0)
  }, 60_000)

  test('GAN options: experience replay and label smoothing train with finite losses', async () => {
    // Seeded (on two threads a seed fixes the run too): unseeded, one CI run in many fell short.
    const book = template('gan')
    const doc = { ...book, training: { ...book.training, seed: 2 } }
    if (doc.training.recipe !== 'gan') throw new Error('wrong recipe')
    const options: GraphDoc = {
      ...doc,
      training: {
        ...doc.training,
        settings: { ...doc.training.settings, replayBufferSize: 64, labelSmoothing: 0.1 },
      },
    }
    const epochs: Metrics[] = []
    const result = await trainDocument(options, {
      epochs: 2,
      limit: 600,
      onEvent: (e) => e.type === 'epoch' && epochs.push(e.metrics),
    })
    if (!result.ok) throw new Error(result.error)
    expect(epochs).toHaveLength(2)
    for (const m of epochs) for (const v of Object.values(m)) expect(Number.isFinite(v)).toBe(true)
  }, 60_000)

  test('diffusion with precise BN: the moving statistics are re-estimated at the epoch’s end', async () => {
    const book = template('diffusion')
    const training = book.training
    if (training.recipe !== 'diffusion') throw new Error('wrong recipe')
    const varianceAfter = async (preciseBatchNorm: number) => {
      const doc: GraphDoc = {
        ...book,
        training: {
          ...training,
          settings: { ...training.settings, samplingSteps: 8, preciseBatchNorm },
        },
      }
      const { compiled } = await train(doc, 1, 96, false)
      const weights = compiled.layers.get('bn_in')?.getWeights() ?? []
      const variance = Array.from(weights[3]?.dataSync() ?? [])
      return variance.reduce((a, b) => a + b, 0) / variance.length
    }
    // Three steps of Keras's moving average (momentum 0.99) leave the variance near its start, 1;
    // the first convolution's outputs on [−1, 1] images vary far less than that.
    const moving = await varianceAfter(0)
    const precise = await varianceAfter(3)
    expect(moving).toBeGreaterThan(0.9)
    expect(precise).toBeLessThan(0.5)
  }, 120_000)

  test('diffusion: the denoiser learns to predict the noise', async () => {
    const denoiser = COMPOSITES.find((c) => c.kind === 'denoiser')
    if (!denoiser) throw new Error('no denoiser composite')
    const raw = insertComposite(template('stacked-ae'), denoiser, { x: 0, y: 0 }).doc
    const parsed = parseDocument({
      ...raw,
      nodes: raw.nodes.filter((n) => n.group === 'denoiser'),
      edges: raw.edges.filter(
        (e) => raw.nodes.find((n) => n.id === e.source)?.group === 'denoiser',
      ),
      groups: raw.groups.filter((g) => g.role === 'denoiser'),
      training: {
        recipe: 'diffusion',
        optimizer: { kind: 'adam' },
        learningRate: 2e-3,
        epochs: 4,
        batchSize: 32,
        settings: { steps: 1000, samplingSteps: 20, loss: 'mse' },
      },
    })
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error))
    const { perEpoch, previews } = await train(parsed.value, 4, 640)
    expect(metric(perEpoch.at(-1)?.metrics, 'val_loss')).toBeLessThan(
      metric(perEpoch[0]?.metrics, 'val_loss') * 0.9,
    )
    expect(metric(perEpoch.at(-1)?.metrics, 'val_loss')).toBeLessThan(0.8) // predicting zero noise scores 1.0
    expect(previews).toContain('denoising')
    expect(previews).toContain('one-step-denoising')
  }, 120_000)

  test('GAN: generated images look like clothing, not noise', async () => {
    const data = await loadEmbedded()
    if (!data.ok) throw new Error(data.error)
    const real = tf.tensor(
      Float32Array.from(data.value.test.pixels, (v) => v / 255),
      [500, 784],
    )
    const realMean = tf.mean(real, 0)
    // Correlation of the mean generated image with the mean real image, and the share of dark background pixels.
    const look = (images: tf.Tensor) =>
      tf.tidy(() => {
        const flat = tf.reshape(images, [images.shape[0], 784])
        const m = tf.sub(tf.mean(flat, 0), tf.mean(flat))
        const r = tf.sub(realMean, tf.mean(realMean))
        const corr =
          tf.div(tf.sum(tf.mul(m, r)), tf.mul(tf.norm(m), tf.norm(r))).dataSync()[0] ?? NaN
        return {
          corr,
          background: tf.mean(tf.cast(tf.less(flat, 0.1), 'float32')).dataSync()[0] ?? NaN,
        }
      })
    // Seeded (on two threads a seed fixes the run too): unseeded, one CI run in many fell short.
    const book = template('gan')
    const doc = { ...book, training: { ...book.training, seed: 2 } }
    const samples = (compiled: Awaited<ReturnType<typeof train>>['compiled']) => {
      const gen = compiled.models.find((m) => m.plan.role === 'generator')?.model
      if (!gen) throw new Error('no generator')
      return tf.tidy(() => gen.predict(tf.randomNormal([200, 30], 0, 1, 'float32', 5)) as tf.Tensor)
    }
    const untrained = await trainDocument(doc, { epochs: 1, limit: 2 })
    if (!untrained.ok) throw new Error(untrained.error)
    const before = look(samples(untrained.value.compiled))
    // The book's ReLU GAN on 1,800 images: after 6 epochs the mean image's correlation was
    // 0.58, 0.70, 0.54 with seeds 1, 2, 3 (unseeded runs gave 0.40–0.72).
    const { perEpoch, compiled } = await train(doc, 6)
    const after = look(samples(compiled))
    expect(before.corr).toBeLessThan(0.5)
    expect(before.background).toBeLessThan(0.1)
    expect(after.corr).toBeGreaterThan(0.45)
    expect(after.corr).toBeGreaterThan(before.corr + 0.3)
    expect(after.background).toBeGreaterThan(0.3)
    expect(metric(perEpoch.at(-1)?.metrics, 'dReal')).toBeGreaterThan(
      metric(perEpoch.at(-1)?.metrics, 'dFake'),
    )
    expect(new Set(perEpoch.map((e) => e.tensors)).size).toBe(1)
  }, 180_000)
})
