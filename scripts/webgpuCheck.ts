/**
 * Trains one seeded step of each template (or those named) on the WebGPU backend and on wasm, and
 * prints both first-batch losses, their largest relative difference, the previews made and the
 * seconds each took: `npx tsx scripts/webgpuCheck.ts [template…]`. On a machine without a GPU,
 * set VK_ICD_FILENAMES to SwiftShader's ICD (see README, Engine backends).
 */
import * as tf from '@tensorflow/tfjs'
import { listTemplates, loadTemplate } from '../main/documents/templates'
import type { BackendName } from '../main/tfjs/backend'
import { findAdapter, adapterText } from '../main/tfjs/webgpu'
import { trainDocument } from '../main/train/run'

const found = await findAdapter()
if ('error' in found) {
  console.error(`no WebGPU adapter: ${found.error}`)
  process.exit(1)
}
console.log(`adapter: ${adapterText(found.adapter)}`)

async function oneStep(id: string, backend: BackendName) {
  tf.disposeVariables()
  const doc = loadTemplate(id)
  if (!doc.ok) throw new Error(`no template ${id}`)
  const seeded = { ...doc.value, training: { ...doc.value.training, seed: 7, batchSize: 32 } }
  let first: Record<string, number> = {}
  const previews: string[] = []
  const t0 = performance.now()
  const r = await trainDocument(seeded, {
    backend,
    epochs: 1,
    limit: 32,
    threads: 1,
    fid: false,
    onEvent: (e) => {
      if (e.type === 'batch' && Object.keys(first).length === 0) first = e.metrics
      if (e.type === 'preview') previews.push(e.name)
    },
  })
  if (!r.ok) throw new Error(`${id} on ${backend}: ${r.error}`)
  return { first, previews, seconds: (performance.now() - t0) / 1000 }
}

const ids = process.argv.slice(2)
for (const id of ids.length ? ids : listTemplates().map((t) => t.id)) {
  try {
    const gpu = await oneStep(id, 'webgpu')
    const cpu = await oneStep(id, 'wasm')
    const worst = Math.max(
      ...Object.entries(cpu.first).map(
        ([k, v]) => Math.abs((gpu.first[k] ?? NaN) - v) / Math.max(1, Math.abs(v)),
      ),
    )
    const losses = Object.entries(gpu.first)
      .map(([k, v]) => `${k} ${v.toPrecision(7)}/${(cpu.first[k] ?? NaN).toPrecision(7)}`)
      .join(', ')
    console.log(
      `${id}: ${losses}; max rel diff ${worst.toExponential(1)}; previews ${gpu.previews.join(' ')}; ${gpu.seconds.toFixed(1)} s on webgpu, ${cpu.seconds.toFixed(1)} s on wasm`,
    )
  } catch (e) {
    console.log(`${id}: FAILED ${e instanceof Error ? e.message : String(e)}`)
  }
}
