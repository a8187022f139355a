import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { expect, test } from 'vitest'
import type { TrainEvent } from '../../../common/events'
import { snapshotWeights } from '../../../main/runs/checkpoint'
import { runsDir } from '../../../main/runs/records'
import {
  initBackend,
  listBackends,
  takeBackendFault,
  type BackendName,
} from '../../../main/tfjs/backend'
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu'
import { NadamOptimizer } from '../../../main/train/nadam'
import { hasNadamUpdate } from '../../../main/train/nadamKernel'
import { relError, seeded } from '../../helpers/backends'
import { findAdapter } from '../../../main/tfjs/webgpu'
import { sharedTable } from '../../../main/layers/timeEncoding'
import { trainDocument } from '../../../main/train/run'
import { cli } from '../../helpers/cli'
import { loadTemplateDoc } from '../../helpers/templates'
import { webgpuUnavailable } from '../../helpers/webgpu'

// Every template's step is compared with the cpu backend's in webgpuEquivalence.test.ts; these
// specs train through the whole loop (previews, checkpoints, epochs, the CLI).
const why = await webgpuUnavailable()
const notRun = why ? ` (not run here: ${why})` : ''

/** What tfjs says it holds: tensors, and bytes in GPU buffers on webgpu. */
function held() {
  const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number }
  return { tensors: m.numTensors, gpuBytes: m.numBytesInGPU ?? 0 }
}

/** A seeded VAE run of three short epochs on a backend: first losses, previews, memory, weights. */
async function vaeRun(backend: BackendName) {
  tf.disposeVariables()
  const book = loadTemplateDoc('vae')
  const doc = { ...book, training: { ...book.training, seed: 7, batchSize: 32 } }
  const seen: { first?: Record<string, number> } = {}
  const previews = new Map<string, number>()
  const memory: ReturnType<typeof held>[] = []
  const r = await trainDocument(doc, {
    backend,
    epochs: 3,
    limit: 40,
    threads: 1,
    fid: false,
    onEvent: (e: TrainEvent) => {
      if (e.type === 'batch') seen.first ??= e.metrics
      if (e.type === 'preview') previews.set(e.name, e.png.length)
      if (e.type === 'epoch') memory.push(held())
    },
  })
  if (!r.ok) throw new Error(r.error)
  expect(r.value.backend).toBe(backend)
  const weights = await snapshotWeights(r.value.compiled)
  return { first: seen.first ?? {}, previews, memory, weights }
}

test.skipIf(why !== null)(
  `the backend list shows the GPU adapter WebGPU would use; auto never picks it${notRun}`,
  async () => {
    const found = await findAdapter()
    const webgpu = (await listBackends()).find((b) => b.name === 'webgpu')
    expect(webgpu).toMatchObject({ ok: true, note: expect.stringMatching(/^adapter: /) as unknown })
    if ('adapter' in found && found.adapter.software) {
      expect(webgpu?.note).toMatch(/software.*--backend webgpu/)
      // The dock's list says so beside the name: "webgpu (software)".
      expect(webgpu?.tag).toBe('software')
    }
    const auto = await initBackend('auto')
    expect(auto.ok && auto.value.name).not.toBe('webgpu')
  },
)

test.skipIf(why !== null)(
  `the VAE trains on webgpu through the loop as on wasm: first losses, previews read back from the GPU, a checkpoint, no tensor or GPU buffer left behind from epoch to epoch${notRun}`,
  async () => {
    const gpu = await vaeRun('webgpu')
    const cpu = await vaeRun('wasm')
    expect(Object.keys(gpu.first).sort()).toEqual(Object.keys(cpu.first).sort())
    for (const [k, v] of Object.entries(cpu.first))
      expect(Math.abs((gpu.first[k] ?? NaN) - v), k).toBeLessThan(1e-5 * Math.max(1, Math.abs(v)))
    expect([...gpu.previews.keys()].sort()).toEqual([...cpu.previews.keys()].sort())
    expect(gpu.previews.get('reconstructions')).toBeGreaterThan(1000)
    expect(gpu.weights.entries.length).toBe(cpu.weights.entries.length)
    expect(gpu.weights.data.every(Number.isFinite)).toBe(true)
    // Every epoch ends holding what the first did: the models, optimizers and fixed tensors.
    expect(gpu.memory).toHaveLength(3)
    expect(gpu.memory[0]?.gpuBytes).toBeGreaterThan(0)
    for (const m of gpu.memory.slice(1)) expect(m).toEqual(gpu.memory[0])
  },
  120_000,
)

test.skipIf(why !== null)(
  `latent-studio train vae --backend webgpu --epochs 1 --limit 512 trains with a falling loss${notRun}`,
  async () => {
    // The command, without the estimate's timing steps and the FID (minutes on
    // SwiftShader), seeded: four batches of 128 take the VAE from its first loss to the plateau of
    // the mean image (about 0.20), where an unseeded draw's last batch can land above its first.
    const r = await cli(
      'train',
      'vae',
      '--backend',
      'webgpu',
      '--epochs',
      '1',
      '--limit',
      '512',
      '--no-estimate',
      '--no-fid',
      '--seed',
      '2',
    )
    expect(r.err).not.toMatch(/error/i)
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/webgpu backend/)
    expect(r.out).toMatch(/Done after 1 epoch/)
    // The run's record keeps every batch's losses (the curves the run history draws).
    const runId = /Recorded as (\S+)/.exec(r.out)?.[1] ?? ''
    const points = readFileSync(join(runsDir(), runId, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { x: number; metrics: Record<string, number> })
    const batches = points.filter((p) => !('val_loss' in p.metrics)).map((p) => p.metrics['loss'])
    expect(batches.length).toBeGreaterThanOrEqual(4)
    const [first = NaN, ...rest] = batches
    for (const loss of rest) expect(loss).toBeLessThan(first)
    expect(batches.at(-1)).toBeLessThan(0.95 * first)
  },
  180_000,
)

/**
 * A failed GPU command: a buffer over the device's limit, which Dawn reports as an uncaptured
 * validation error while the call returns as if it had worked.
 */
function failGpuCommand(): void {
  const { device } = tf.backend() as unknown as Pick<WebGPUBackend, 'device'>
  device.createBuffer({ size: 2 ** 34, usage: 0x80 })
}

test.skipIf(why !== null)(
  `an error the GPU reports mid-run (which tfjs does not throw) stops the run with it, the last epoch's weights kept; a fault from before a run is not its${notRun}`,
  async () => {
    tf.disposeVariables()
    const events: TrainEvent[] = []
    const r = await trainDocument(loadTemplateDoc('linear-ae'), {
      backend: 'webgpu',
      epochs: 3,
      limit: 100,
      threads: 1,
      onEvent: (e: TrainEvent) => {
        events.push(e)
        if (e.type === 'batch' && e.epoch === 2 && !events.some((x) => x.type === 'stopped'))
          failGpuCommand()
      },
    })
    if (!r.ok) throw new Error(r.error)
    expect(r.value.result.stopped).toBe('error')
    expect(r.value.result.epochsCompleted).toBe(1)
    const stopped = events.find((e) => e.type === 'stopped')
    expect(stopped).toMatchObject({
      reason: 'error',
      epoch: 2,
      message: expect.stringMatching(
        /^a training step failed at epoch 2, batch \d \(the GPU reported GPUValidationError: .*\): training stopped and the weights of epoch 1 are kept$/s,
      ) as unknown,
    })
    // Reported once.
    expect(takeBackendFault('webgpu')).toBeNull()
    // A fault from before a run (an earlier run's last previews) is not the new run's.
    failGpuCommand()
    await tf.zeros([1]).data()
    const next = await trainDocument(loadTemplateDoc('linear-ae'), {
      backend: 'webgpu',
      epochs: 1,
      limit: 100,
      threads: 1,
    })
    if (!next.ok) throw new Error(next.error)
    expect(next.value.result.stopped).toBeUndefined()
    expect(next.value.result.epochsCompleted).toBe(1)
  },
)

test.skipIf(why !== null)(
  `Nadam's one-kernel update in WGSL matches the op-by-op form on webgpu and the cpu backend's fused one${notRun}`,
  async () => {
    const run = async (backend: BackendName, fused: boolean) => {
      const started = await initBackend(backend)
      expect(started.ok && started.value.name).toBe(backend)
      expect(hasNadamUpdate()).toBe(true)
      // 1,000 weights: more than a workgroup of 64, not a multiple of it.
      const w = tf.variable(tf.tensor2d(seeded(1000, 5), [40, 25]))
      const opt = new NadamOptimizer(0.01, 0.9, 0.999, 1e-7, fused)
      const target = tf.tensor2d(seeded(1000, 6), [40, 25])
      for (let i = 0; i < 5; i++)
        opt.minimize(() => tf.sum(tf.square(tf.sub(w, target))), false, [w])
      const out = Float32Array.from(await w.data())
      tf.dispose([w, target])
      opt.dispose()
      return out
    }
    const fused = await run('webgpu', true)
    const opByOp = await run('webgpu', false)
    const cpu = await run('cpu', true)
    expect(relError(fused, opByOp)).toBeLessThan(1e-5)
    expect(relError(fused, cpu)).toBeLessThan(1e-5)
    // It trained: the weights moved from where they started.
    expect(relError(fused, seeded(1000, 5))).toBeGreaterThan(1e-3)
  },
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
