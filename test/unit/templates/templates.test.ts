import { beforeAll, describe, expect, test } from 'vitest'
import { initBackend } from '../../../main/tfjs/backend'
import { compileGraph } from '../../../main/tfjs/compile'
import { listTemplates } from '../../../main/documents/templates'
import { validateGraph } from '../../../common/graph/validate'
import { applyQuickPreset } from '../../../common/graph/quickPreset'
import { loadTemplateDoc, SLOW_TEMPLATES, trainsOneEpoch } from '../../helpers/templates'

/** Parameter counts per template and role, as Keras reports them for the chapter's models. */
const EXPECTED: Record<string, Record<string, number>> = {
  // The linear autoencoder of the chapter (PCA, 3 → 2 → 3): 8 + 9.
  'linear-ae': { encoder: 8, decoder: 9 },
  'stacked-ae': { encoder: 81_530, decoder: 82_284 },
  'tied-ae': { encoder: 81_530, decoder: 884 },
  'greedy-ae': { encoder: 81_530, decoder: 82_284 },
  'conv-ae': { encoder: 40_606, decoder: 13_873 },
  // The chapter's recurrent autoencoder: 67,320 + 55,228.
  'recurrent-ae': { encoder: 67_320, decoder: 55_228 },
  'denoising-ae': { encoder: 81_530, decoder: 82_284 },
  'denoising-gaussian-ae': { encoder: 81_530, decoder: 82_284 },
  // The chapter's semantic-hashing autoencoder: 80,116 + 80,884.
  'hashing-ae': { encoder: 80_116, decoder: 80_884 },
  'sparse-ae': { encoder: 108_800, decoder: 109_284 },
  'sparse-kl-ae': { encoder: 108_800, decoder: 109_284 },
  vae: { encoder: 134_870, decoder: 134_634 },
  gan: { generator: 136_634, discriminator: 132_951 },
  dcgan: { generator: 840_705, discriminator: 212_865 },
  // No Keras figure to compare with on this machine; this is our compiler's count, pinned.
  diffusion: { denoiser: 280_369 },
  'pretrain-classifier': { encoder: 81_530, decoder: 82_284, classifier: 4_110 },
}

beforeAll(async () => {
  expect((await initBackend('wasm')).ok).toBe(true)
})

test('every template is listed with a title, description and what it teaches', () => {
  const templates = listTemplates()
  expect(templates.map((t) => t.id).sort()).toEqual(Object.keys(EXPECTED).sort())
  for (const t of templates) {
    expect(t.title.length).toBeGreaterThan(3)
    expect(t.description.length).toBeGreaterThan(40)
    expect(t.teaches?.length).toBeGreaterThan(20)
  }
})

describe.each(Object.keys(EXPECTED))('template %s', (id) => {
  test('validates and compiles with the chapter’s parameter counts', () => {
    const doc = loadTemplateDoc(id)
    expect(validateGraph(doc).errors).toEqual([])
    const compiled = compileGraph(doc)
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.error))
    expect(
      Object.fromEntries(compiled.value.models.map((m) => [m.plan.role, m.model.countParams()])),
    ).toEqual(EXPECTED[id])
  })

  test.runIf(!SLOW_TEMPLATES.includes(id))(
    'trains one epoch on 640 images of the embedded subset',
    () => trainsOneEpoch(id, 640),
    240_000,
  )
})

test('the diffusion template keeps the chapter’s setting and has a quick CPU preset', () => {
  const doc = loadTemplateDoc('diffusion')
  expect(doc.training.epochs).toBe(100)
  expect(doc.training.recipe === 'diffusion' && doc.training.settings.steps).toBe(4000)
  expect(doc.training.recipe === 'diffusion' && doc.training.settings.preciseBatchNorm).toBe(0)
  const quick = applyQuickPreset(doc)
  if (!quick.ok || quick.value.training.recipe !== 'diffusion') throw new Error('no preset')
  expect(quick.value.training.epochs).toBe(3)
  expect(quick.value.training.initialWeights).toBe('diffusion')
  expect(doc.training.initialWeights).toBeUndefined()
  expect(quick.value.training.settings).toMatchObject({ samplingSteps: 50, preciseBatchNorm: 5 })
})

test('the templates whose book settings take long on a CPU offer a quick preset; the others need none', () => {
  const dcgan = loadTemplateDoc('dcgan')
  const quick = applyQuickPreset(dcgan)
  if (!quick.ok) throw new Error('no preset')
  expect([dcgan.training.epochs, quick.value.training.epochs]).toEqual([50, 4])
  expect(dcgan.meta.quick?.note).toMatch(/about 2 minutes/)
  const withPreset = listTemplates()
    .filter((t) => loadTemplateDoc(t.id).meta.quick)
    .map((t) => t.id)
  expect(withPreset.sort()).toEqual(['dcgan', 'diffusion'])
})

test('the gallery lists every template in the chapter’s order', async () => {
  const { GALLERY_ORDER } = await import('../../../renderer/gallery/templates')
  expect([...GALLERY_ORDER].sort()).toEqual(listTemplates().map((t) => t.id))
})
