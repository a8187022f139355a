import * as tf from '@tensorflow/tfjs'
import type { GraphDoc } from '../common/graph/schema'
import type { BackendName } from '../main/tfjs/backend'
import { replicasWarm } from '../main/train/parallel/pool'
import { trainDocument } from '../main/train/run'
import { spread } from './stats'

/**
 * Epoch throughput of the engine (samples/s of each epoch after a warm-up one), the threads it
 * trained with, and its peak memory (replica threads included: they live in the same process).
 */
export async function engineRun(
  doc: GraphDoc,
  backend: BackendName,
  limit: number,
  repeats: number,
  threads: number | 'auto' = 'auto',
) {
  const rates: number[] = []
  let used = 1
  let peakRss = process.memoryUsage().rss
  const r = await trainDocument(doc, {
    backend,
    threads,
    epochs: repeats + 1,
    limit,
    previewEverySec: 1e9, // previews only at epoch ends, outside the timed epochs
    fid: false, // measured after an epoch's timing too, and minutes on a software GPU
    onEvent: (e) => {
      if (e.type === 'notice') console.error(`  ${e.message}`)
      if (e.type === 'batch') peakRss = Math.max(peakRss, process.memoryUsage().rss)
      if (e.type === 'epoch' && e.epoch > 1) {
        rates.push(e.samplesPerSec)
        used = e.threads
      }
    },
  })
  if (!r.ok) throw new Error(r.error)
  const params = Object.fromEntries(
    r.value.compiled.models.map((m) => [
      m.plan.id,
      m.model.trainableWeights.reduce(
        (n, w) => n + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1),
        0,
      ),
    ]),
  )
  tf.disposeVariables()
  return { rate: spread(rates), threads: used, peakRssMB: peakRss / 2 ** 20, params }
}

/**
 * Runs of `epochs` epochs with the app's preview cadence and budget, started as the app starts
 * them (replica threads included): the time from asking to train to the first preview frame, and
 * the share of the run's time spent making previews. Repeated `repeats` times.
 */
export async function previewRuns(doc: GraphDoc, limit: number, epochs: number, repeats: number) {
  const first: number[] = []
  const share: number[] = []
  for (let i = 0; i < repeats; i++) {
    // The app's engine keeps training threads booted; runs started back to back here wait for the
    // replacements of the last run's threads, as a user clicking Train a moment later would not.
    await replicasWarm('wasm')
    const t0 = performance.now()
    // Written from the event callback, which the compiler does not follow.
    const seen: { firstPreviewMs: number | null; previewSeconds: number } = {
      firstPreviewMs: null,
      previewSeconds: 0,
    }
    const r = await trainDocument(doc, {
      backend: 'wasm',
      epochs,
      limit,
      onEvent: (e) => {
        if (e.type === 'preview' && seen.firstPreviewMs === null)
          seen.firstPreviewMs = performance.now() - t0
        if (e.type === 'done') seen.previewSeconds = e.previewSeconds
      },
    })
    if (!r.ok) throw new Error(r.error)
    const wall = (performance.now() - t0) / 1000
    tf.disposeVariables()
    first.push((seen.firstPreviewMs ?? NaN) / 1000)
    share.push((100 * seen.previewSeconds) / wall)
  }
  return { firstPreviewSec: spread(first), previewPercent: spread(share) }
}
