// How close the engine's run estimate comes to the real thing: for each template, the estimate
// (a few timed steps, see main/train/estimate.ts), then three real epochs' wall time each (from the
// start, or the previous epoch's end, to the epoch event: steps, validation and FID included), each
// set against its estimate (the first epoch's, then the others').
// Usage: npx tsx bench/estimate.ts [templates, default vae,conv-ae,dcgan] [examples, default all]
import { initBackend } from '../main/tfjs/backend'
import { trainDocument } from '../main/train/run'
import { estimateRun } from '../main/train/estimate'
import { loadTemplate } from '../main/documents/templates'
import { warmReplicas } from '../main/train/parallel/pool'

const backend = await initBackend('wasm')
if (!backend.ok) throw new Error('no wasm backend')
warmReplicas('wasm', 2)
const limit = Number(process.argv[3] ?? 0) || undefined
for (const id of (process.argv[2] ?? 'vae,conv-ae,dcgan').split(',')) {
  const doc = loadTemplate(id)
  if (!doc.ok) throw new Error(`no template ${id}`)
  const opts = { epochs: 3, ...(limit ? { limit } : {}) }
  const t0 = performance.now()
  const estimate = await estimateRun(doc.value, opts)
  if (!estimate.ok) throw new Error(estimate.error)
  const took = (performance.now() - t0) / 1000
  const stamps: number[] = []
  const start = performance.now()
  const r = await trainDocument(doc.value, {
    ...opts,
    onEvent: (e) => {
      if (e.type === 'epoch') stamps.push(performance.now())
    },
  })
  if (!r.ok) throw new Error(r.error)
  const walls = stamps.map((s, i) => (s - (i ? (stamps[i - 1] ?? start) : start)) / 1000)
  const { firstEpochSeconds, secondsPerEpoch } = estimate.value
  const ratio = walls.map((w, i) => w / (i ? secondsPerEpoch : firstEpochSeconds))
  console.log(
    `${id}: estimate ${firstEpochSeconds.toFixed(2)} s the first epoch, ${secondsPerEpoch.toFixed(2)} s the others (took ${took.toFixed(1)} s); ` +
      `measured ${walls.map((w) => w.toFixed(2)).join(', ')} s; measured ÷ estimate ${ratio.map((x) => x.toFixed(2)).join(', ')}`,
  )
}
process.exit(0)
