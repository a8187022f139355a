import { expect, test } from 'vitest'
import { loadTemplate } from '../../../main/documents/templates'
import type { GraphDoc } from '../../../common/graph/schema'
import type { TrainEvent } from '../../../common/events'
import { initBackend } from '../../../main/tfjs/backend'
import { compileGraph } from '../../../main/tfjs/compile'
import { autoThreads, shares } from '../../../main/train/parallel/group'
import { workPerWeight } from '../../../main/train/parallel/intensity'
import { poolState, replicasWarm, warmReplicas } from '../../../main/train/parallel/pool'
import { trainDocument } from '../../../main/train/run'

const template = (id: string): GraphDoc => {
  const d = loadTemplate(id)
  if (!d.ok) throw new Error(`no template ${id}`)
  return d.value
}

test('a batch is split as evenly as it can be, the leader first', () => {
  expect(shares(128, 2)).toEqual([64, 64])
  expect(shares(5, 2)).toEqual([3, 2])
  expect(shares(7, 3)).toEqual([3, 2, 2])
  expect(shares(1, 2)).toEqual([1, 0])
})

test('threads on wasm and cpu when the step has enough work per weight, one per core', () => {
  expect(autoThreads('wasm', 32, 60, 2)).toBe(2)
  expect(autoThreads('wasm', 128, 60, 16)).toBe(4)
  // A dense model: each weight is used once per example, too little work to share.
  expect(autoThreads('wasm', 128, 1, 2)).toBe(1)
  expect(autoThreads('wasm', 2048, 1, 2)).toBe(2)
  expect(autoThreads('cpu', 8, 60, 2)).toBe(1)
  expect(autoThreads('wasm', 32, 60, 1)).toBe(1)
  expect(autoThreads('tensorflow', 128, 60, 8)).toBe(1)
})

test('work per weight: 1 for dense models, the output positions for convolutions', async () => {
  expect((await initBackend('wasm')).ok).toBe(true)
  const work = (id: string) => {
    const c = compileGraph(template(id))
    if (!c.ok) throw new Error(`${id} does not compile`)
    return workPerWeight(c.value.models.map((m) => m.model))
  }
  expect(work('vae')).toBe(1)
  expect(work('stacked-ae')).toBe(1)
  // conv-ae: most weights sit in 3×3 convolutions over 14×14 to 3×3 maps.
  expect(work('conv-ae')).toBeGreaterThan(30)
  expect(work('conv-ae')).toBeLessThan(200)
  expect(autoThreads('wasm', 128, work('vae'), 2)).toBe(1)
  expect(autoThreads('wasm', 32, work('conv-ae'), 2)).toBe(2)
})

/** Trains with two threads and returns the epoch events and the outcome. */
async function trainTwoThreads(id: string, limit: number, epochs: number) {
  const epochsSeen: Extract<TrainEvent, { type: 'epoch' }>[] = []
  const notices: string[] = []
  const r = await trainDocument(template(id), {
    backend: 'wasm',
    threads: 2,
    epochs,
    limit,
    previewEverySec: 1e9,
    onEvent: (e) => {
      if (e.type === 'epoch') epochsSeen.push(e)
      if (e.type === 'notice') notices.push(e.message)
    },
  })
  if (!r.ok) throw new Error(r.error)
  return { epochs: epochsSeen, notices, outcome: r.value }
}

test('the VAE trains in two threads whose weights stay identical, and its loss falls', async () => {
  const { epochs, notices, outcome } = await trainTwoThreads('vae', 700, 3)
  expect(epochs.map((e) => e.threads)).toEqual([2, 2, 2])
  expect(notices).toContain('training in 2 threads (data-parallel)')
  // Every epoch ends with a bit-for-bit comparison of the replica's weights with the leader's.
  expect(outcome.parallel).toMatchObject({ threads: 2, checksPassed: 3, divergences: 0 })
  const val = epochs.map((e) => e.metrics['val_loss'] ?? NaN)
  expect(val[2]).toBeLessThan(val[0] ?? NaN)
})

test('a GAN (two optimizer steps per batch, each averaged) stays in step across threads', async () => {
  const { epochs, outcome } = await trainTwoThreads('gan', 400, 2)
  expect(epochs.map((e) => e.threads)).toEqual([2, 2])
  expect(outcome.parallel).toMatchObject({ threads: 2, checksPassed: 2, divergences: 0 })
  for (const e of epochs) expect(Number.isFinite(e.metrics['gLoss'])).toBe(true)
})

test('one thread when asked for one: no replicas', async () => {
  const r = await trainDocument(template('vae'), {
    backend: 'wasm',
    threads: 1,
    epochs: 1,
    limit: 200,
    previewEverySec: 1e9,
  })
  if (!r.ok) throw new Error(r.error)
  expect(r.value.parallel).toBeNull()
})

test('a training thread that dies mid-run (fault injected) is reported, and training ends in one thread', async () => {
  process.env['LATENT_STUDIO_FAULT'] = 'replica-exit:8' // 700 examples: 5 batches an epoch, so in epoch 2
  const started = performance.now()
  try {
    const { epochs, notices, outcome } = await trainTwoThreads('vae', 700, 3)
    expect(epochs.map((e) => e.threads)).toEqual([2, 1, 1])
    expect(notices).toContainEqual(
      expect.stringMatching(
        /^training thread \d failed: the thread exited unexpectedly \(code 70\); training goes on in one thread$/,
      ),
    )
    expect(outcome.result.epochsCompleted).toBe(3)
    const val = epochs.map((e) => e.metrics['val_loss'] ?? NaN)
    expect(val.every(Number.isFinite)).toBe(true)
    // Told at once by the dying thread, not found out by the reduction's one-minute deadline.
    expect(performance.now() - started).toBeLessThan(30_000)
  } finally {
    delete process.env['LATENT_STUDIO_FAULT']
  }
})

test('warm replicas wait booted for a run, serve it, and are replaced after it', async () => {
  warmReplicas('wasm', 1)
  await replicasWarm('wasm')
  expect(poolState('wasm')).toEqual({ idle: 1, booted: 1 })
  const { epochs, outcome } = await trainTwoThreads('vae', 300, 1)
  // The run took the warm thread…
  expect(epochs.map((e) => e.threads)).toEqual([2])
  expect(outcome.parallel).toMatchObject({ threads: 2, checksPassed: 1, divergences: 0 })
  // … and a new one boots in its place for the next run.
  await replicasWarm('wasm')
  expect(poolState('wasm')).toEqual({ idle: 1, booted: 1 })
})
