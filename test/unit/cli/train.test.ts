import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { expect, test } from 'vitest'
import { cli } from '../../helpers/cli'
import { loadModel } from '../../../main/tfjs/modelFiles'
import { PNG } from 'pngjs'
import { curvePointSchema } from '../../../common/runRecord'
import { runsDir } from '../../../main/runs/records'

test('train --json --out writes the graph, metrics, previews and loadable models', async () => {
  const out = mkdtempSync(join(tmpdir(), 'latent-train-'))
  const r = await cli(
    'train',
    'vae',
    '--epochs',
    '2',
    '--limit',
    '400',
    '--batch-size',
    '64',
    '--out',
    out,
    '--json',
    '--threads',
    '2',
    '--seed',
    '9',
  )
  expect(r.code).toBe(0)
  const lines = r.out
    .trim()
    .split('\n')
    .map(
      (l) =>
        JSON.parse(l) as {
          type: string
          epoch?: number
          metrics?: Record<string, number>
          samplesPerSec?: number
          threads?: number
          message?: string
          out?: string
        },
    )
  expect(lines.map((l) => l.type)).toEqual([
    'estimate',
    'start',
    'notice',
    'epoch',
    'epoch',
    'done',
  ])
  // First, how long it will take: an epoch's time from a few timed steps, times the epochs (the
  // first epoch, with its first validation and FID, at least as long as the later ones).
  const estimate = lines.shift() as unknown as {
    secondsPerEpoch: number
    firstEpochSeconds: number
    totalSeconds: number
    backend: string
    threads: number
    phases: { name: string; epochs: number }[]
  }
  expect(estimate.secondsPerEpoch).toBeGreaterThan(0)
  expect(estimate.firstEpochSeconds).toBeGreaterThanOrEqual(estimate.secondsPerEpoch)
  expect(estimate.totalSeconds).toBeCloseTo(
    estimate.firstEpochSeconds + estimate.secondsPerEpoch,
    6,
  )
  expect(estimate).toMatchObject({
    backend: 'wasm',
    threads: 2,
    phases: [{ name: 'train', epochs: 2 }],
  })
  expect(lines[0]).toMatchObject({ phase: 'train', epochs: 2, epochsSetBy: '--epochs' })
  expect(lines[1]?.message).toBe('training in 2 threads (data-parallel)')
  expect(lines[2]?.threads).toBe(2)
  lines.splice(0, 2)
  expect(lines[0]?.metrics && Object.keys(lines[0].metrics)).toEqual(
    expect.arrayContaining(['loss', 'reconstruction', 'latent', 'val_loss']),
  )
  expect(lines[0]?.samplesPerSec).toBeGreaterThan(0)
  expect(lines[2]).toMatchObject({ type: 'done', out })
  // One metrics format: --out's metrics.jsonl is the run history's, line for line.
  const metrics = readFileSync(join(out, 'metrics.jsonl'), 'utf8')
  const runId = (lines[2] as { runId?: string } | undefined)?.runId ?? ''
  expect(metrics).toBe(readFileSync(join(runsDir(), runId, 'metrics.jsonl'), 'utf8'))
  const points = metrics
    .trim()
    .split('\n')
    .map((l) => curvePointSchema.parse(JSON.parse(l)))
  expect(points.filter((p) => p.epoch !== undefined).map((p) => [p.x, p.phase])).toEqual([
    [1, 'train'],
    [2, 'train'],
  ])
  expect(points.find((p) => p.epoch === 2)?.samplesPerSec).toBeGreaterThan(0)
  expect(JSON.parse(readFileSync(join(out, 'graph.json'), 'utf8'))).toMatchObject({
    format: 'latent-studio.graph',
    training: { recipe: 'vae', seed: 9 },
  })
  const png = PNG.sync.read(readFileSync(join(out, 'previews', 'epoch-002-reconstructions.png')))
  expect([png.width, png.height]).toEqual([8 * 29 + 1, 2 * 29 + 1])
  expect(existsSync(join(out, 'previews', 'epoch-002-samples.png'))).toBe(true)
  // --out keeps every epoch's previews (the app's 5% preview budget does not apply).
  expect(existsSync(join(out, 'previews', 'epoch-001-samples.png'))).toBe(true)
  // The saved encoder loads (custom Sampling layer included) and encodes images to 10 codings.
  const encoder = await loadModel(join(out, 'models', 'encoder'))
  const outputs = encoder.predict(tf.zeros([3, 28, 28])) as tf.Tensor[]
  expect(outputs.map((t) => t.shape)).toEqual([
    [3, 10],
    [3, 10],
    [3, 10],
  ])
  const decoder = await loadModel(join(out, 'models', 'decoder'))
  expect(decoder.countParams()).toBe(134_634)
}, 120_000)

test('train reports bad input with a message and a non-zero exit', async () => {
  expect((await cli('train', 'vae', '--epochs', '0')).code).toBe(2)
  const missing = await cli('train', 'no-such-template')
  expect(missing.code).toBe(2)
  expect(missing.err).toContain('no such file')
  const tiny = await cli('train', 'vae', '--limit', '1', '--json')
  expect(tiny.code).toBe(1)
  expect(JSON.parse(tiny.out)).toEqual({
    type: 'error',
    message: 'training needs at least 2 examples (one is held out for validation)',
  })
})

test('a loss that becomes NaN or Infinity ends the run with a message and exit 1', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'latent-nan-'))
  const doc = JSON.parse(
    readFileSync(new URL('../../../templates/stacked-ae.json', import.meta.url), 'utf8'),
  ) as Record<string, unknown>
  const path = join(dir, 'exploding.json')
  // Linear layers cannot die like ReLUs, so plain gradient descent at learning rate 10 always diverges.
  const nodes = (doc['nodes'] as { kind: string; params: Record<string, unknown> }[]).map((n) =>
    n.kind === 'dense' ? { ...n, params: { ...n.params, activation: 'linear' } } : n,
  )
  writeFileSync(
    path,
    JSON.stringify({
      ...doc,
      nodes,
      training: {
        recipe: 'autoencoder',
        optimizer: { kind: 'sgd', momentum: 0.9 },
        learningRate: 10,
        epochs: 3,
        batchSize: 32,
      },
    }),
  )
  const r = await cli('train', path, '--json', '--no-estimate')
  expect(r.code).toBe(1)
  const last = JSON.parse(r.out.trim().split('\n').at(-1) ?? '{}') as {
    type: string
    reason: string
    message: string
  }
  expect(last).toMatchObject({ type: 'stopped', reason: 'nan' })
  expect(last.message).toMatch(
    /^loss became (NaN|Infinity) at epoch \d+, batch \d+: training stopped and the weights of epoch \d+ are kept/,
  )
})

test('train --data takes a folder of images, one sub-folder per class', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'latent-folder-'))
  for (const [cls, shade] of [
    ['light', 220],
    ['dark', 40],
  ] as const) {
    mkdirSync(join(dir, cls))
    for (let i = 0; i < 12; i++) {
      const img = new PNG({ width: 20, height: 20 })
      for (let p = 0; p < 400; p++) img.data.set([shade, shade, (p * i) % 255, 255], p * 4)
      writeFileSync(join(dir, cls, `${i}.png`), PNG.sync.write(img))
    }
  }
  const r = await cli(
    'train',
    'gan',
    '--data',
    dir,
    '--epochs',
    '1',
    '--json',
    '--threads',
    '1',
    '--no-estimate',
  )
  expect(r.code).toBe(0)
  const lines = r.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string })
  expect(lines.map((l) => l.type)).toEqual(['start', 'epoch', 'done'])
}, 60_000)
