import { expect, test } from 'vitest'
import { validateGraph } from '../../../common/graph/validate'
import { summarize } from '../../../renderer/panels/summary'
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
    shape: '[null,150]',
    params: 117_750,
  })
  const gan = summarize(validateGraph(fixture('simple-gan')))
  expect(gan.map((m) => m.total)).toEqual([136_634, 132_951])
})
