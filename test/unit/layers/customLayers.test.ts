import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, test } from 'vitest'
import { initBackend } from '../../../main/tfjs/backend'
import {
  ActivityRegularization,
  collectPenalties,
  DenseTranspose,
  KlSparsity,
  linkTiedLayers,
  MinibatchStdDev,
  Sampling,
  TimeEncoding,
} from '../../../main/layers'
import { timeEncodingTable } from '../../../main/layers/timeEncoding'

beforeAll(async () => {
  expect((await initBackend('wasm')).ok).toBe(true)
})

const scalar = (t: tf.Tensor | null) => (t ? (t.dataSync()[0] ?? NaN) : NaN)

describe('Sampling', () => {
  test('draws mean + exp(logVar/2)·ε: sample mean and std match', () => {
    const [m, s] = tf.tidy(() => {
      const mean = tf.fill([20_000, 1], 3)
      const logVar = tf.fill([20_000, 1], Math.log(4))
      const z = new Sampling().apply([mean, logVar]) as tf.Tensor
      const { mean: mu, variance } = tf.moments(z)
      return [scalar(mu), Math.sqrt(scalar(variance))]
    })
    expect(m).toBeCloseTo(3, 1)
    expect(s).toBeCloseTo(2, 1)
  })
})

describe('regularization layers', () => {
  const a = [
    [0.5, -1, 0],
    [2, 0.25, -0.5],
  ]
  test('ActivityRegularization adds (l1·Σ|a| + l2·Σa²)/batch while collecting, and passes its input through', () => {
    const layer = new ActivityRegularization({ l1: 0.1, l2: 0.01 })
    const x = tf.tensor2d(a)
    const { result, penalty } = collectPenalties(() => layer.apply(x) as tf.Tensor)
    const abs = 0.5 + 1 + 0 + 2 + 0.25 + 0.5
    const sq = 0.25 + 1 + 0 + 4 + 0.0625 + 0.25
    expect(scalar(penalty)).toBeCloseTo((0.1 * abs + 0.01 * sq) / 2, 6)
    expect(result.arraySync()).toEqual(a)
    expect(collectPenalties(() => 1).penalty).toBeNull()
  })

  test('KlSparsity adds weight·(KL(t‖m) + KL(1−t‖1−m))/batch of the mean activations', () => {
    const acts = [
      [0.2, 0.9],
      [0.4, 0.7],
    ]
    const { penalty } = collectPenalties(() =>
      new KlSparsity({ weight: 0.5, target: 0.1 }).apply(tf.tensor2d(acts)),
    )
    const t = 0.1
    const kl = [0.3, 0.8].reduce(
      (s, m) => s + t * Math.log(t / m) + (1 - t) * Math.log((1 - t) / (1 - m)),
      0,
    )
    expect(scalar(penalty)).toBeCloseTo((0.5 * kl) / 2, 5)
  })
})

describe('TimeEncoding', () => {
  test('looks up the sinusoidal table of the chapter', () => {
    const table = timeEncodingTable(10, 4)
    expect(table[5 * 4 + 0]).toBeCloseTo(Math.sin(5), 6)
    expect(table[5 * 4 + 1]).toBeCloseTo(Math.cos(5), 6)
    expect(table[5 * 4 + 2]).toBeCloseTo(Math.sin(5 / 10_000 ** 0.5), 6)
    expect(table[5 * 4 + 3]).toBeCloseTo(Math.cos(5 / 10_000 ** 0.5), 6)
    const y = new TimeEncoding({ steps: 10, dims: 4 }).apply(
      tf.tensor1d([5, 0], 'int32'),
    ) as tf.Tensor
    expect(Array.from(y.dataSync())).toEqual(Array.from(table.slice(20, 24)).concat([0, 1, 0, 1]))
  })
})

describe('MinibatchStdDev', () => {
  test('appends the mean over features of the batch standard deviation', () => {
    const x = tf.tensor2d([
      [1, 10],
      [3, 14],
    ])
    const y = (new MinibatchStdDev().apply(x) as tf.Tensor).arraySync() as number[][]
    const stat = (1 + 2) / 2 // stds of the two features across the batch: 1 and 2
    expect(y.map((r) => r[2])).toEqual([expect.closeTo(stat, 4), expect.closeTo(stat, 4)])
    expect(y.map((r) => r.slice(0, 2))).toEqual([
      [1, 10],
      [3, 14],
    ])
  })
})

describe('serialization', () => {
  test('a model with every custom layer round-trips through its JSON config, ties relinked', () => {
    const x = tf.input({ shape: [6] })
    const t = tf.input({ shape: [], dtype: 'int32' })
    const enc = tf.layers.dense({ units: 4, name: 'enc' })
    const h = enc.apply(x) as tf.SymbolicTensor
    const s = new Sampling({ name: 'sampling' }).apply([h, h]) as tf.SymbolicTensor
    const r = new KlSparsity({ name: 'kl', weight: 0.1, target: 0.1 }).apply(
      new ActivityRegularization({ name: 'act', l1: 0.01, l2: 0 }).apply(s),
    ) as tf.SymbolicTensor
    const dec = new DenseTranspose(
      { name: 'dec', tied: { name: 'enc' }, units: 6, activation: 'sigmoid' },
      enc,
    ).apply(r) as tf.SymbolicTensor
    const time = new TimeEncoding({ name: 'time', steps: 8, dims: 6 }).apply(t) as tf.SymbolicTensor
    const out = tf.layers
      .add()
      .apply([
        new MinibatchStdDev({ name: 'mbstd' }).apply(dec) as tf.SymbolicTensor,
        tf.layers.dense({ units: 7 }).apply(time) as tf.SymbolicTensor,
      ]) as tf.SymbolicTensor
    const model = tf.model({ inputs: [x, t], outputs: out })
    const config = JSON.parse(
      JSON.stringify(model.toJSON(null, false)),
    ) as tf.serialization.ConfigDict
    const loaded = (
      tf.models.modelFromJSON as unknown as (
        c: tf.serialization.ConfigDict,
      ) => Promise<tf.LayersModel>
    )(config)
    return loaded.then((copy) => {
      linkTiedLayers(copy.layers)
      expect(copy.layers.map((l) => l.getClassName())).toEqual(
        model.layers.map((l) => l.getClassName()),
      )
      expect(copy.countParams()).toBe(model.countParams())
      copy.setWeights(model.getWeights())
      const decoded = (m: tf.LayersModel) =>
        tf.tidy(() =>
          Array.from((m.getLayer('dec').apply(tf.ones([1, 4])) as tf.Tensor).dataSync()),
        )
      expect(decoded(copy)).toEqual(decoded(model))
    })
  })
})
