import { expect, test } from 'vitest'
import {
  allPositive,
  chartData,
  chartGroups,
  overlayData,
  phasesOf,
} from '../../../renderer/train/chartGroups'
import { toggleCompare } from '../../../renderer/store/historyStore'
import { curvesCsv } from '../../../renderer/train/curvesCsv'
import { curvesFromPoints } from '../../../renderer/store/runStore'

test('a GAN’s metrics get a chart per scale: the two losses, D(real)/D(fake), FID and its floor', () => {
  const charts = chartGroups([
    'dLoss',
    'gLoss',
    'dReal',
    'dFake',
    'diversity',
    'val_dLoss',
    'fid',
    'fid_floor',
  ])
  expect(charts.map((c) => [c.id, c.metrics])).toEqual([
    ['dLoss+gLoss', ['dLoss', 'gLoss', 'val_dLoss']],
    ['dReal+dFake', ['dReal', 'dFake']],
    ['diversity', ['diversity']],
    ['fid+fid_floor', ['fid', 'fid_floor']],
  ])
  expect(charts[0]?.title).toBe('Discriminator and generator losses')
})

test('a metric shares its chart with its validation and from-scratch curves; the loss comes first', () => {
  const charts = chartGroups([
    'reconstruction',
    'latent',
    'loss',
    'accuracy',
    'scratch_accuracy',
    'val_loss',
    'val_accuracy',
    'val_scratch_accuracy',
  ])
  expect(charts.map((c) => c.metrics)).toEqual([
    ['loss', 'val_loss'],
    ['accuracy', 'scratch_accuracy', 'val_accuracy', 'val_scratch_accuracy'],
    ['reconstruction'],
    ['latent'],
  ])
})

test('each phase is drawn apart; per-batch and per-epoch values are separate lines', () => {
  const curves = curvesFromPoints([
    { x: 0.5, metrics: { loss: 0.9 }, phase: 'pretrain' },
    { x: 1, metrics: { loss: 0.8, val_loss: 0.85 }, epoch: 1, phase: 'pretrain' },
    { x: 0.5, metrics: { loss: 2.3, accuracy: 0.2 }, phase: 'train' },
    { x: 1, metrics: { loss: 1.9, accuracy: 0.4, val_loss: 2 }, epoch: 1, phase: 'train' },
  ])
  expect(phasesOf(curves)).toEqual(['pretrain', 'train'])
  const [loss] = chartGroups(Object.keys(curves.series))
  if (!loss) throw new Error('no chart')
  const pre = chartData(curves, loss, 'pretrain')
  expect(pre.x).toEqual([0.5, 1])
  expect(pre.series).toEqual([
    { metric: 'loss', perEpoch: false, values: [0.9, null] },
    { metric: 'loss', perEpoch: true, values: [null, 0.8] },
    { metric: 'val_loss', perEpoch: true, values: [null, 0.85] },
  ])
  expect(chartData(curves, loss, 'train').series[1]?.values).toEqual([null, 1.9])
  expect(allPositive(pre.series)).toBe(true)
  expect(allPositive([{ metric: 'x', perEpoch: true, values: [0.1, -0.2] }])).toBe(false)
})

test('compared runs overlay each family’s main curve per epoch, one series per run', () => {
  const run = (losses: number[], val: number[]) =>
    curvesFromPoints(
      losses.map((l, i) => ({
        x: i + 1,
        metrics: { loss: l, val_loss: val[i] ?? 0 },
        epoch: i + 1,
      })),
    )
  const charts = overlayData([
    { name: '1. VAE', curves: run([0.3, 0.2, 0.1], [0.35, 0.25, 0.15]) },
    { name: '2. VAE', curves: run([0.4, 0.3], [0.45, 0.33]) },
  ])
  expect(charts).toHaveLength(1)
  expect(charts[0]?.x).toEqual([1, 2, 3])
  expect(charts[0]?.series).toEqual([
    { metric: '1. VAE: val_loss', perEpoch: true, values: [0.35, 0.25, 0.15] },
    { metric: '2. VAE: val_loss', perEpoch: true, values: [0.45, 0.33, null] },
  ])
})

test('a comparison takes up to four runs and never drops one silently', () => {
  let c: string[] = []
  for (const id of ['a', 'b', 'c', 'd', 'e']) c = toggleCompare(c, id)
  expect(c).toEqual(['a', 'b', 'c', 'd'])
  expect(toggleCompare(c, 'b')).toEqual(['a', 'c', 'd'])
})

test('curves export as CSV: a row per point with its phase, kind and every metric', () => {
  const csv = curvesCsv(
    curvesFromPoints([
      { x: 0.5, metrics: { loss: 0.9 }, phase: 'pretrain' },
      { x: 1, metrics: { loss: 0.8, val_loss: 0.85 }, epoch: 1, phase: 'pretrain' },
    ]),
  )
  expect(csv).toBe(
    'phase,point,epoch,loss,val_loss\npretrain,batch,0.5,0.9,\npretrain,epoch,1,0.8,0.85\n',
  )
})
