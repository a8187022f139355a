import { beforeAll, expect, test } from 'vitest'
import { initBackend } from '../../../main/tfjs/backend'
import { compileGraph } from '../../../main/tfjs/compile'
import { loadTemplate } from '../../../main/documents/templates'
import { validateGraph } from '../../../common/graph/validate'
import type { GraphDoc } from '../../../common/graph/schema'
import { makeOptimizer } from '../../../main/train/optimizers'
import { greedyPhases } from '../../../main/recipes/autoencoder/greedy'
import { trainDocument } from '../../../main/train/run'

beforeAll(async () => {
  expect((await initBackend('wasm')).ok).toBe(true)
})

const greedyStacked = (): GraphDoc => {
  const d = loadTemplate('stacked-ae')
  if (!d.ok || d.value.training.recipe !== 'autoencoder') throw new Error('no stacked-ae')
  return {
    ...d.value,
    training: {
      ...d.value.training,
      settings: { ...d.value.training.settings, greedyLayerwise: true },
    },
  }
}

test('each greedy phase trains one encoder layer and its mirror', () => {
  const doc = greedyStacked()
  const compiled = compileGraph(doc)
  if (!compiled.ok) throw new Error('does not compile')
  const phases = greedyPhases(
    {
      doc,
      compiled: compiled.value,
      report: validateGraph(doc).report,
      makeOptimizer: () => makeOptimizer(doc.training.optimizer, 1e-3),
    },
    { loss: 'mse', denoising: { kind: 'none', stddev: 0, rate: 0 }, greedyLayerwise: true },
  )
  if (!phases.ok) throw new Error(phases.error)
  const layersOf = (i: number) =>
    [...new Set(phases.value[i]?.variables.map((v) => v.name.split('/')[0]))].sort()
  expect(layersOf(0)).toEqual(['dec_dense_784', 'enc_dense_100'])
  expect(layersOf(1)).toEqual(['codings', 'dec_dense_100'])
  for (const p of phases.value) p.dispose()
})

test('greedy training runs one phase per layer pair and the stacked reconstruction improves', async () => {
  const phases: string[] = []
  const recon: Record<string, number> = {}
  const result = await trainDocument(greedyStacked(), {
    epochs: 2,
    onEvent: (e) => {
      if (e.type === 'start') phases.push(e.phase)
      if (e.type === 'epoch') recon[e.phase] = e.metrics['val_reconstruction'] ?? NaN
    },
  })
  if (!result.ok) throw new Error(result.error)
  expect(phases).toEqual(['layer-1', 'layer-2'])
  expect(recon['layer-2']).toBeLessThan((recon['layer-1'] ?? 0) * 0.8)
}, 60_000)

test('greedy training refuses graphs it cannot split into layer pairs', async () => {
  const d = loadTemplate('conv-ae')
  if (!d.ok || d.value.training.recipe !== 'autoencoder') throw new Error('no conv-ae')
  const doc: GraphDoc = {
    ...d.value,
    training: {
      ...d.value.training,
      settings: { ...d.value.training.settings, greedyLayerwise: true },
    },
  }
  const result = await trainDocument(doc, { epochs: 1, limit: 10 })
  expect(result).toEqual({
    ok: false,
    error:
      'greedy layer-wise training needs an encoder and a decoder that are single chains with the same number of Dense layers',
  })
})
