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

/** The greedy-ae template with shorter layer-wise phases. */
const greedyStacked = (layerEpochs = 2): GraphDoc => {
  const d = loadTemplate('greedy-ae')
  if (!d.ok || d.value.training.recipe !== 'autoencoder') throw new Error('no greedy-ae')
  return {
    ...d.value,
    training: { ...d.value.training, settings: { ...d.value.training.settings, layerEpochs } },
  }
}

test('each greedy phase trains one encoder layer and its mirror, at its own learning rate', () => {
  const doc = greedyStacked()
  if (doc.training.recipe !== 'autoencoder') throw new Error('wrong recipe')
  const compiled = compileGraph(doc)
  if (!compiled.ok) throw new Error('does not compile')
  const rates: number[] = []
  const phases = greedyPhases(
    {
      doc,
      compiled: compiled.value,
      report: validateGraph(doc).report,
      makeOptimizer: (lr = doc.training.learningRate) => {
        rates.push(lr)
        return makeOptimizer(doc.training.optimizer, lr)
      },
    },
    doc.training.settings,
  )
  if (!phases.ok) throw new Error(phases.error)
  // The chapter's rates: 5e-4 for the outer autoencoder, 5e-3 for the inner one.
  expect(rates).toEqual([5e-4, 5e-3])
  const layersOf = (i: number) =>
    [...new Set(phases.value[i]?.variables.map((v) => v.name.split('/')[0]))].sort()
  expect(layersOf(0)).toEqual(['dec_dense_784', 'enc_dense_100'])
  expect(layersOf(1)).toEqual(['codings', 'dec_dense_100'])
  for (const p of phases.value) p.dispose()
})

test('greedy training: a phase per layer pair, then the stack fine-tuned; reconstruction improves', async () => {
  const phases: string[] = []
  const recon: Record<string, number> = {}
  const result = await trainDocument(greedyStacked(), {
    epochs: 1,
    onEvent: (e) => {
      if (e.type === 'start') phases.push(`${e.phase}:${e.epochs}:${e.epochsSetBy ?? ''}`)
      if (e.type === 'epoch')
        recon[e.phase] = e.metrics['val_reconstruction'] ?? e.metrics['val_loss'] ?? NaN
    },
  })
  if (!result.ok) throw new Error(result.error)
  // The layer-wise phases take layerEpochs; --epochs (here 1) sets the fine-tuning.
  expect(phases).toEqual([
    'layer-1:2:settings.layerEpochs',
    'layer-2:2:settings.layerEpochs',
    'train:1:--epochs',
  ])
  expect(recon['layer-2']).toBeLessThan((recon['layer-1'] ?? 0) * 0.8)
  expect(recon['train']).toBeLessThan(recon['layer-2'] ?? 0)
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
