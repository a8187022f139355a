import { existsSync } from 'node:fs'
import * as tf from '@tensorflow/tfjs'
import { expect, test } from 'vitest'
import type { TrainEvent } from '../../../common/events'
import { snapshotWeights } from '../../../main/runs/checkpoint'
import { initBackend, listBackends, type BackendName } from '../../../main/tfjs/backend'
import { findAdapter } from '../../../main/tfjs/webgpu'
import { sharedTable } from '../../../main/layers/timeEncoding'
import { trainDocument } from '../../../main/train/run'
import { loadTemplateDoc } from '../../helpers/templates'

// With no GPU, Dawn runs on SwiftShader, the CPU Vulkan driver in Debian's chromium package (with
// libvulkan1): correct and slow. Where neither a GPU nor SwiftShader is there, the specs say why.
const SWIFTSHADER = '/usr/lib/chromium/vk_swiftshader_icd.json'
if (process.env['VK_ICD_FILENAMES'] === undefined && existsSync(SWIFTSHADER))
  process.env['VK_ICD_FILENAMES'] = SWIFTSHADER
const found = await findAdapter()
const why = 'error' in found ? found.error : null
if (why) console.warn(`WebGPU specs not run here: ${why}`)

/** One seeded training step of a template on a backend: its losses, previews and weights. */
async function oneStep(id: string, backend: BackendName) {
  tf.disposeVariables()
  const book = loadTemplateDoc(id)
  const doc = { ...book, training: { ...book.training, seed: 7, batchSize: 32 } }
  const seen: { first?: Record<string, number> } = {}
  const previews = new Map<string, number>()
  const r = await trainDocument(doc, {
    backend,
    epochs: 1,
    limit: 32,
    threads: 1,
    fid: false,
    onEvent: (e: TrainEvent) => {
      if (e.type === 'batch') seen.first ??= e.metrics
      if (e.type === 'preview') previews.set(e.name, e.png.length)
    },
  })
  if (!r.ok) throw new Error(r.error)
  expect(r.value.backend).toBe(backend)
  const weights = await snapshotWeights(r.value.compiled)
  return { first: seen.first ?? {}, previews, weights }
}

test.skipIf(why !== null)(
  `the backend list shows the GPU adapter WebGPU would use; auto never picks it${why ? ` (not run here: ${why})` : ''}`,
  async () => {
    const webgpu = (await listBackends()).find((b) => b.name === 'webgpu')
    expect(webgpu).toMatchObject({ ok: true, note: expect.stringMatching(/^adapter: /) as unknown })
    if ('adapter' in found && found.adapter.software)
      expect(webgpu?.note).toMatch(/software.*--backend webgpu/)
    const auto = await initBackend('auto')
    expect(auto.ok && auto.value.name).not.toBe('webgpu')
  },
)

// Dense and Sampling (the VAE), convolutions and their transposes (the convolutional autoencoder):
// a step's losses are the wasm backend's to float32 rounding, the previews read back from the GPU,
// and a checkpoint's snapshot of the weights too. (DCGAN and the diffusion model, a minute and
// more each on SwiftShader, were checked the same way outside the suite: see README.)
for (const id of ['vae', 'conv-ae'])
  test.skipIf(why !== null)(
    `${id} trains on webgpu as on the CPU: the same first losses, previews and a checkpoint`,
    async () => {
      const gpu = await oneStep(id, 'webgpu')
      const cpu = await oneStep(id, 'wasm')
      expect(Object.keys(gpu.first).sort()).toEqual(Object.keys(cpu.first).sort())
      for (const [k, v] of Object.entries(cpu.first))
        expect(Math.abs((gpu.first[k] ?? NaN) - v), k).toBeLessThan(1e-5 * Math.max(1, Math.abs(v)))
      expect([...gpu.previews.keys()]).toEqual([...cpu.previews.keys()])
      expect(gpu.previews.get('reconstructions')).toBeGreaterThan(1000)
      expect(gpu.weights.entries.length).toBe(cpu.weights.entries.length)
      expect(gpu.weights.data.every(Number.isFinite)).toBe(true)
      // The trained weights agree too (one Adam/Nadam step from the same initial weights).
      let worst = 0
      gpu.weights.data.forEach(
        (w, i) => (worst = Math.max(worst, Math.abs(w - (cpu.weights.data[i] ?? NaN)))),
      )
      expect(worst).toBeLessThan(1e-4)
    },
    120_000,
  )

test.skipIf(why !== null)(
  'a run on wasm after one on webgpu in the same process shares no constant across backends',
  async () => {
    // The diffusion model's time-encoding table is shared between runs, kept per backend: a wasm
    // run after a webgpu one would otherwise read the GPU's table synchronously and fail its
    // first step (seen with scripts/webgpuCheck.ts before the fix).
    await initBackend('webgpu')
    const onGpu = sharedTable(8, 4)
    const gpuRows = await onGpu.data()
    await initBackend('wasm')
    const onWasm = sharedTable(8, 4)
    expect(onWasm).not.toBe(onGpu)
    expect(sharedTable(8, 4)).toBe(onWasm)
    expect(Array.from(onWasm.dataSync())).toEqual(Array.from(gpuRows))
  },
)
