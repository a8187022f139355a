import { expect, test } from 'vitest'
import type { WireTrainEvent } from '../../../common/api'
import {
  applyTrainEvent,
  IDLE_RUN,
  noCurves,
  type RunState,
} from '../../../renderer/store/runStore'

const fresh = (): RunState => ({
  engine: 'connected',
  engineMessage: null,
  backends: [],
  datasets: [],
  ...IDLE_RUN,
  curves: noCurves(),
})

const run = (events: WireTrainEvent[]): RunState =>
  events.reduce<RunState>((s, e) => ({ ...s, ...applyTrainEvent(s, e) }), fresh())

test('batch and epoch events build aligned curves; metrics that appear later are padded', () => {
  const s = run([
    {
      type: 'start',
      phase: 'train',
      recipe: 'vae',
      epochs: 2,
      stepsPerEpoch: 4,
      trainExamples: 512,
      backend: 'wasm',
    },
    {
      type: 'batch',
      epoch: 1,
      step: 2,
      stepsPerEpoch: 4,
      metrics: { loss: 0.5 },
      samplesPerSec: 900,
      etaSec: 3,
    },
    {
      type: 'epoch',
      phase: 'train',
      threads: 2,
      epoch: 1,
      metrics: { loss: 0.4, val_loss: 0.45 },
      samplesPerSec: 950,
      seconds: 1,
      previewSeconds: 0,
    },
    {
      type: 'batch',
      epoch: 2,
      step: 2,
      stepsPerEpoch: 4,
      metrics: { loss: NaN },
      samplesPerSec: 960,
      etaSec: 1,
    },
  ])
  expect(s.curves.x).toEqual([0.5, 1, 1.5])
  expect(s.curves.series).toEqual({ loss: [0.5, 0.4, null], val_loss: [null, 0.45, null] })
  expect(s).toMatchObject({
    status: 'running',
    epoch: 2,
    step: 2,
    backend: 'wasm',
    curvesVersion: 3,
  })
})

test('previews keep every frame per name, in order, as images; the end says how the run ended', async () => {
  const s = run([
    { type: 'preview', epoch: 1, name: 'samples', width: 2, height: 2, png: Uint8Array.of(1, 2) },
    {
      type: 'preview',
      epoch: 2,
      name: 'samples',
      width: 2,
      height: 2,
      png: Uint8Array.of(3, 4),
      stats: { diversity: 0.3 },
    },
    { type: 'stopped', reason: 'nan', epoch: 2, message: 'loss became NaN' },
  ])
  expect(s.previews).toEqual({
    samples: [
      { src: expect.stringMatching(/^blob:/) as unknown, epoch: 1, width: 2, height: 2 },
      {
        src: expect.stringMatching(/^blob:/) as unknown,
        epoch: 2,
        width: 2,
        height: 2,
        stats: { diversity: 0.3 },
      },
    ],
  })
  // Each frame is its own image holding the bytes that arrived.
  const [first, second] = s.previews['samples'] ?? []
  expect(first?.src).not.toBe(second?.src)
  const bytes = await (await fetch(second?.src ?? '')).arrayBuffer()
  expect([...new Uint8Array(bytes)]).toEqual([3, 4])
  expect(s).toMatchObject({ status: 'failed', message: 'loss became NaN' })
  expect(run([{ type: 'done', epochs: 3, metrics: {}, previewSeconds: 0 }]).status).toBe('done')
})

test('a latent map’s points keep their places and classes; frames share their images’ sheet while it is the same', async () => {
  const map = (epoch: number, sheet: Uint8Array) =>
    ({
      type: 'preview',
      epoch,
      name: 'latent-map',
      width: 2,
      height: 2,
      png: Uint8Array.of(epoch),
      points: {
        xy: [0.25, 0.5, 0.75, 0.1],
        classes: ['Bag', 'Shirt'],
        images: { png: sheet, tile: { width: 28, height: 28 }, columns: 2 },
      },
    }) as const
  const s = run([
    map(1, Uint8Array.of(7, 7)),
    map(2, Uint8Array.of(7, 7)),
    map(3, Uint8Array.of(9)),
  ])
  const [a, b, c] = s.previews['latent-map'] ?? []
  expect(a?.points).toMatchObject({
    xy: [0.25, 0.5, 0.75, 0.1],
    classes: ['Bag', 'Shirt'],
    sheet: { tile: { width: 28, height: 28 }, columns: 2 },
  })
  expect(b?.points?.sheet?.src).toBe(a?.points?.sheet?.src)
  expect(c?.points?.sheet?.src).not.toBe(a?.points?.sheet?.src)
  const bytes = await (await fetch(c?.points?.sheet?.src ?? '')).arrayBuffer()
  expect([...new Uint8Array(bytes)]).toEqual([9])
})
