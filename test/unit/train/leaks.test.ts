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
async function footprints(
  id: string,
  limit: number,
  epochs: number,
  threads: number,
  fid: boolean,
) {
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
    fid,
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
// The diffusion model's epochs are the slowest: two of them, without the FID (6 s an epoch here;
// the FID's own tensors are the GAN's case, and the diffusion model's sampling runs in its
// previews at every batch).
const cases = [
  { id: 'vae', limit: 300, threads: 1, epochs: 4, fid: true },
  { id: 'gan', limit: 200, threads: 1, epochs: 4, fid: true },
  { id: 'conv-ae', limit: 120, threads: 2, epochs: 4, fid: true },
  { id: 'diffusion', limit: 32, threads: 1, epochs: 3, fid: false },
]
for (const c of cases)
  test(`no tensor leak: ${c.id} (${c.threads} thread${c.threads > 1 ? 's' : ''}) holds the same tensors and bytes at every epoch end`, async () => {
    const { seen, replicas } = await footprints(c.id, c.limit, c.epochs, c.threads, c.fid)
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
