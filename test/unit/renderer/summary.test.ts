import { expect, test } from 'vitest'
import { validateGraph } from '../../../common/graph/validate'
import { compact, summarize } from '../../../renderer/panels/summary'
import { loadTemplateDoc } from '../../helpers/templates'
import { fixture } from '../../helpers/docs'

test('the summary panel shows the chapter’s parameter counts per model, from inference alone', () => {
  const vae = summarize(validateGraph(fixture('vae')))
  expect(vae.map((m) => [m.role, m.total, m.trainable])).toEqual([
    ['encoder', 134_870, 134_870],
    ['decoder', 134_634, 134_634],
  ])
  expect(vae[0]?.rows.find((r) => r.id === 'enc_dense_150')).toEqual({
    id: 'enc_dense_150',
    kind: 'Dense',
    shape: [null, 150],
    params: 117_750,
    flops: 235_500,
  })
  const gan = summarize(validateGraph(fixture('simple-gan')))
  expect(gan.map((m) => m.total)).toEqual([136_634, 132_951])
})

test('FLOPs per example: 2 per multiply-add where weights apply, one per value elsewhere', () => {
  const flopsOf = (template: string) => {
    const report = validateGraph(loadTemplateDoc(template))
    return (id: string) => report.report.flops.get(id)
  }
  const vae = flopsOf('vae')
  expect(vae('flatten')).toBe(784)
  expect(vae('enc_dense_150')).toBe(2 * (784 * 150 + 150))
  const conv = flopsOf('conv-ae')
  // Conv2D(16, 3×3, same) on 28×28×1: its 160 weights at each of the 784 output positions.
  expect(conv('conv_16')).toBe(2 * 160 * 784)
  // Conv2DTranspose(32, 3×3, stride 2) on 3×3×16: its 4,640 weights at each of the 9 input positions.
  expect(conv('deconv_32')).toBe(2 * 4_640 * 9)
  // LSTM(100) over 28 steps of 28 features: its 51,600 weights at every step.
  expect(flopsOf('recurrent-ae')('enc_lstm_100')).toBe(2 * 51_600 * 28)
  // The tied DenseTranspose applies the 30×100 kernel it borrows, plus its bias.
  expect(flopsOf('tied-ae')('tied_2')).toBe(2 * 30 * 100 + 100)
  const models = summarize(validateGraph(loadTemplateDoc('vae')))
  expect(models[0]?.flops).toBe(models[0]?.rows.reduce((n, r) => n + r.flops, 0))
  expect(models[0]?.flops).toBeGreaterThan(2 * 134_000)
})

test('compact counts read at a glance', () => {
  expect([0, 950, 1000, 15_100, 134_870, 999_999, 2_350_000, 1.2e9].map(compact)).toEqual([
    '0',
    '950',
    '1K',
    '15.1K',
    '135K',
    '1M',
    '2.35M',
    '1.2G',
  ])
})
