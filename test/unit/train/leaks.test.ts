import * as tf from '@tensorflow/tfjs'
import { expect, test } from 'vitest'
import { loadTemplate } from '../../../main/documents/templates'
import { trainDocument } from '../../../main/train/run'

interface Footprint {
  readonly tensors: number
  readonly bytes: number
}

/**
 * Trains a template for a few epochs with previews at every batch (the most tensor traffic there
 * is) and returns the engine's live tensors and bytes at each epoch end, and the replicas' counts.
 */
async function footprints(id: string, limit: number, epochs: number, threads: number) {
  const doc = loadTemplate(id)
  if (!doc.ok) throw new Error(`no template ${id}`)
  const seen: Footprint[] = []
  const r = await trainDocument(doc.value, {
    backend: 'wasm',
    epochs,
    limit,
    threads,
    previewEverySec: 0,
    previewBudget: 1,
    onEvent: (e) => {
      if (e.type === 'epoch') {
        const m = tf.memory()
        seen.push({ tensors: m.numTensors, bytes: m.numBytes })
      }
    },
  })
  if (!r.ok) throw new Error(r.error)
  return { seen, replicas: r.value.parallel?.replicaTensors ?? [] }
}

// Optimizer slots are made at the first step, so from the first epoch's end on nothing may grow.
// The diffusion model's epochs are the slowest (previews and FID sampling at each): three of them.
const cases = [
  { id: 'vae', limit: 300, threads: 1, epochs: 4 },
  { id: 'gan', limit: 200, threads: 1, epochs: 4 },
  { id: 'conv-ae', limit: 120, threads: 2, epochs: 4 },
  { id: 'diffusion', limit: 40, threads: 1, epochs: 3 },
]
for (const c of cases)
  test(`no tensor leak: ${c.id} (${c.threads} thread${c.threads > 1 ? 's' : ''}) holds the same tensors and bytes at every epoch end`, async () => {
    const { seen, replicas } = await footprints(c.id, c.limit, c.epochs, c.threads)
    expect(seen).toHaveLength(c.epochs)
    const first = seen[0]
    for (const f of seen) expect(f).toEqual(first)
    expect(first?.tensors).toBeGreaterThan(0)
    if (c.threads > 1) {
      expect(replicas).toHaveLength(c.epochs)
      for (const r of replicas) expect(r).toEqual(replicas[0])
      expect(replicas[0]?.[0]).toBeGreaterThan(0)
    }
  })
