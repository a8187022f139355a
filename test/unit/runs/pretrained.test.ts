import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { PNG } from 'pngjs'
import { beforeAll, expect, test } from 'vitest'
import type { TrainEvent } from '../../../common/events'
import { applyQuickPreset, withoutInitialWeights } from '../../../common/graph/quickPreset'
import type { GraphDoc } from '../../../common/graph/schema'
import { PRETRAINED, PRETRAINED_NAMES } from '../../../common/pretrained'
import { loadWeights, saveCheckpoint } from '../../../main/runs/checkpoint'
import { readPretrainedAbout } from '../../../main/runs/pretrained'
import { initBackend } from '../../../main/tfjs/backend'
import { compileGraph } from '../../../main/tfjs/compile'
import { trainDocument } from '../../../main/train/run'
import { chain, doc } from '../../helpers/docs'
import { loadTemplateDoc } from '../../helpers/templates'

beforeAll(async () => {
  expect((await initBackend('wasm')).ok).toBe(true)
})

const dense = (units: number) =>
  doc({
    nodes: [
      { id: 'x', kind: 'input', params: { shape: [3] } },
      { id: 'd', kind: 'dense', params: { units } },
    ],
    edges: chain('x', 'd'),
  })

const weightsOf = (compiled: ReturnType<typeof compileGraph>) => {
  if (!compiled.ok) throw new Error('does not compile')
  return compiled.value.layers
    .get('d')
    ?.getWeights()
    .map((w) => Array.from(w.dataSync()))
}

test('weights load into a graph that fits them; a graph that does not fit is refused and keeps its own', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ls-weights-'))
  const source = compileGraph(dense(2))
  if (!source.ok) throw new Error('does not compile')
  await saveCheckpoint(source.value, dir)
  const saved = weightsOf(source)

  const same = compileGraph(dense(2))
  if (!same.ok) throw new Error('does not compile')
  expect(weightsOf(same)).not.toEqual(saved)
  expect((await loadWeights(same.value, dir)).ok).toBe(true)
  expect(weightsOf(same)).toEqual(saved)

  const other = compileGraph(dense(4))
  const before = weightsOf(other)
  if (!other.ok) throw new Error('does not compile')
  const refused = await loadWeights(other.value, dir)
  expect(refused.ok).toBe(false)
  if (!refused.ok)
    expect(refused.error).toMatch(/layer d's weight 0 is \[3,4\], the checkpoint's \[3,2\]/)
  expect(weightsOf(other)).toEqual(before)
  tf.disposeVariables()
})

test('every shipped pretrained checkpoint says how it was trained and fits its template', async () => {
  for (const name of PRETRAINED_NAMES) {
    const about = await readPretrainedAbout(name)
    expect(about?.template).toBe(PRETRAINED[name].template)
    expect(about?.curve).toHaveLength(about?.epochs ?? -1)
    const compiled = compileGraph(loadTemplateDoc(PRETRAINED[name].template))
    if (!compiled.ok) throw new Error('the template does not compile')
    expect((await loadWeights(compiled.value, join('data', 'pretrained', name))).ok).toBe(true)
    tf.disposeVariables()
  }
})

/** Mean correlation of horizontally neighbouring pixels within each 28×28 tile of a preview grid. */
function neighbourCorrelation(png: Uint8Array): { tiles: number; corr: number } {
  const image = PNG.sync.read(Buffer.from(png))
  const corr: number[] = []
  for (let ty = 1; ty + 28 <= image.height; ty += 29)
    for (let tx = 1; tx + 28 <= image.width; tx += 29) {
      let [sa, sb, saa, sbb, sab, n] = [0, 0, 0, 0, 0, 0]
      for (let y = 0; y < 28; y++)
        for (let x = 0; x < 27; x++) {
          const i = ((ty + y) * image.width + tx + x) * 4
          const a = image.data[i] ?? 0
          const b = image.data[i + 4] ?? 0
          sa += a
          sb += b
          saa += a * a
          sbb += b * b
          sab += a * b
          n++
        }
      const cov = sab / n - (sa / n) * (sb / n)
      const va = saa / n - (sa / n) ** 2
      const vb = sbb / n - (sb / n) ** 2
      corr.push(cov / Math.sqrt(va * vb || 1))
    }
  return { tiles: corr.length, corr: corr.reduce((s, c) => s + c, 0) / corr.length }
}

/** The run's last `samples` grid after a few steps from the document's initial weights. */
async function samplesAfterFewSteps(d: GraphDoc): Promise<{ tiles: number; corr: number }> {
  const grids: Uint8Array[] = []
  const notices: string[] = []
  const r = await trainDocument(d, {
    epochs: 1,
    limit: 32,
    threads: 1,
    // Only the final samples are looked at (the final frames always come), and no FID.
    previewBudget: 0.01,
    fid: false,
    onEvent: (e: TrainEvent) => {
      if (e.type === 'preview' && e.name === 'samples') grids.push(e.png)
      if (e.type === 'notice') notices.push(e.message)
      if (e.type === 'epoch') expect(e.metrics['fid']).toBeUndefined()
    },
  })
  if (!r.ok) throw new Error(r.error)
  expect(notices.some((m) => m.startsWith('starting from pretrained weights'))).toBe(
    d.training.initialWeights !== undefined,
  )
  const png = grids.at(-1)
  if (!png) throw new Error('no samples preview')
  return neighbourCorrelation(png)
}

test("the diffusion quick preset starts from the shipped weights: its samples are smooth shapes where the initializers' are noise", async () => {
  const quick = applyQuickPreset(loadTemplateDoc('diffusion'))
  if (!quick.ok) throw new Error('the quick preset does not parse')
  expect(quick.value.training.initialWeights).toBe('diffusion')
  const pretrained = await samplesAfterFewSteps(quick.value)
  const scratch = await samplesAfterFewSteps(withoutInitialWeights(quick.value))
  expect(pretrained.tiles).toBe(16)
  // Noise is about 0, Fashion-MNIST's images about 0.9.
  expect(pretrained.corr).toBeGreaterThan(0.7)
  expect(scratch.corr).toBeLessThan(0.5)
}, 120_000)

test('pretrained weights on a graph changed from their template are refused with a way out', async () => {
  const d = loadTemplateDoc('diffusion')
  const changed: GraphDoc = {
    ...d,
    nodes: d.nodes.map((n) =>
      n.id === 'conv_out' ? { ...n, params: { ...n.params, kernelSize: 5 } } : n,
    ),
    training: { ...d.training, initialWeights: 'diffusion' },
  }
  const r = await trainDocument(changed, { epochs: 1, limit: 8 })
  expect(r.ok).toBe(false)
  if (!r.ok) {
    expect(r.error).toMatch(/pretrained weights "diffusion" cannot be used/)
    expect(r.error).toMatch(/conv_out/)
    expect(r.error).toMatch(/--from-scratch/)
  }
  tf.disposeVariables()
})
