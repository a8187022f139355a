import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import * as ort from 'onnxruntime-node'
import { expect, test } from 'vitest'
import { manifestSchema } from '../../../main/runs/trainingState'
import type { EngineEvent } from '../../../common/api'
import { loadModel } from '../../../main/tfjs/modelFiles'
import { createEngineHost } from '../../../main/host/engineHost'
import { relError } from '../../helpers/backends'
import { sampleInputs } from '../../helpers/onnx'
import { loadTemplateDoc } from '../../helpers/templates'

/** Trains a template through the host and waits until the run has ended (done, stopped or failed). */
async function trainThroughHost(
  id: string,
  epochs: number,
  limit: number,
  onEpoch: (stop: () => void) => void = () => undefined,
) {
  const root = mkdtempSync(join(tmpdir(), 'ls-runs-'))
  const events: EngineEvent[] = []
  let ended: () => void = () => undefined
  const finished = new Promise<void>((resolve) => (ended = resolve))
  const host = createEngineHost(
    (e) => {
      events.push(e)
      if (e.type === 'train:event' && e.event.type === 'epoch')
        onEpoch(() => void host['train:stop']({ runId: e.runId }))
      if (e.type === 'train:event' && ['done', 'stopped', 'failed'].includes(e.event.type)) ended()
    },
    'browser',
    { root },
  )
  const started = await host['train:start']({ doc: loadTemplateDoc(id), epochs, limit })
  if (!started.ok) throw new Error(started.error)
  await finished
  return { host, root, runId: started.runId, events }
}

test('a run is recorded on disk, listed, read back and exported (tfjs, ONNX, Keras, PNG)', async () => {
  const { host, root, runId, events } = await trainThroughHost('vae', 2, 300)
  expect(events.at(-1)).toMatchObject({ type: 'train:event', event: { type: 'done', epochs: 2 } })

  const list = await host['runs:list']({})
  expect(list.map((r) => r.id)).toEqual([runId])
  expect(list[0]).toMatchObject({
    status: 'done',
    recipe: 'vae',
    epochsCompleted: 2,
    checkpoint: true,
  })
  expect(list[0]?.config).toMatchObject({
    epochs: 2,
    limit: 300,
    batchSize: 128,
    optimizer: 'nadam',
  })

  const run = await host['runs:get']({ runId })
  if (!run.ok) throw new Error(run.error)
  // Two epochs: a point per batch and one per epoch, the last at x = 2.
  expect(run.curves.at(-1)?.x).toBe(2)
  expect(run.curves.filter((p) => Number.isInteger(p.x) && 'val_loss' in p.metrics)).toHaveLength(2)
  expect(run.previews.map((p) => p.name).sort()).toEqual([
    'latent-axes',
    'latent-map',
    'reconstructions',
    'samples',
  ])
  const png = Buffer.from(run.previews[0]?.png ?? [])
  expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG')

  // The latent map decodes any point of it, and two test images interpolate through the codings.
  const centre = await host['runs:decode']({ runId, x: 0.5, y: 0.5 })
  const corner = await host['runs:decode']({ runId, x: 0.05, y: 0.05 })
  if (!centre.ok || !corner.ok) throw new Error('decode failed')
  expect([centre.width, centre.height]).toEqual([30, 30])
  expect(Buffer.from(centre.png).equals(Buffer.from(corner.png))).toBe(false)
  const strip = await host['runs:interpolate']({ runId, from: 0, to: 1, steps: 6 })
  if (!strip.ok) throw new Error(strip.error)
  expect([strip.width, strip.height]).toEqual([8 * 29 + 1, 30])
  // Semantic interpolation: a row of 7 per latent axis (the VAE has 10 codings).
  const sweep = await host['runs:sweep']({ runId })
  if (!sweep.ok) throw new Error(sweep.error)
  expect([sweep.width, sweep.height]).toEqual([7 * 29 + 1, 10 * 29 + 1])
  // The chapter's t-SNE map of 500 test images' codings, on demand.
  const tsne = await host['runs:tsne']({ runId })
  if (!tsne.ok) throw new Error(tsne.error)
  expect([tsne.width, tsne.height]).toEqual([480, 480])
  expect(await host['runs:interpolate']({ runId, from: 0, to: 9999, steps: 6 })).toEqual({
    ok: false,
    error: 'the test set has 500 images: pick indices below 500',
  })

  const exported = await host['runs:export']({ runId })
  if (!exported.ok) throw new Error(exported.error)
  expect(exported.dir).toBe(join(root, runId, 'export'))
  expect(exported.skipped).toEqual([])
  expect([...exported.files].sort()).toEqual(
    [
      'README.md',
      'keras/model.py',
      'onnx/decoder.onnx',
      'onnx/encoder.onnx',
      'previews/latent-axes.png',
      'previews/latent-map.png',
      'previews/reconstructions.png',
      'previews/samples.png',
      'tfjs/decoder/model.json',
      'tfjs/decoder/weights.bin',
      'tfjs/encoder/model.json',
      'tfjs/encoder/weights.bin',
      'tfjs/load.mjs',
    ].sort(),
  )
  for (const f of exported.files) expect(existsSync(join(exported.dir, f))).toBe(true)
  // A page fetches them through the contract (browser mode's engine may be on another machine).
  const fetched = await host['runs:exportFile']({ runId, path: 'onnx/decoder.onnx' })
  if (!fetched.ok) throw new Error(fetched.error)
  expect(
    Buffer.from(fetched.bytes).equals(readFileSync(join(exported.dir, 'onnx/decoder.onnx'))),
  ).toBe(true)
  execFileSync('python3', ['-m', 'py_compile', join(exported.dir, 'keras/model.py')])
  expect(readFileSync(join(exported.dir, 'README.md'), 'utf8')).toContain('`Sampling`')

  // The exported decoder loads in tfjs and ONNX Runtime and both give the same images.
  const decoder = await loadModel(join(exported.dir, 'tfjs/decoder'))
  const session = await ort.InferenceSession.create(join(exported.dir, 'onnx/decoder.onnx'))
  const { xs, feeds } = sampleInputs(decoder, session, 4)
  const want = decoder.predict(xs[0] as tf.Tensor) as tf.Tensor
  const got = (await session.run(feeds))[session.outputNames[0] ?? '']
  expect(got?.dims).toEqual([4, 28, 28])
  expect(relError(got?.data as Float32Array, want.dataSync() as Float32Array)).toBeLessThan(1e-4)
  // The export holds the run's checkpoint: the weights training ended with.
  const manifest = manifestSchema.parse(
    JSON.parse(readFileSync(join(root, runId, 'checkpoint', 'weights.json'), 'utf8')),
  )
  // One float file, the one the manifest names (older ones are removed once it is committed).
  expect(readdirSync(join(root, runId, 'checkpoint')).filter((f) => f.endsWith('.bin'))).toEqual([
    manifest.data,
  ])
  const bin = readFileSync(join(root, runId, 'checkpoint', manifest.data))
  const saved = new Float32Array(bin.buffer, bin.byteOffset, bin.byteLength / 4)
  const kernel = manifest.weights.find((e) => e.layer === 'dec_dense_784')
  if (!kernel) throw new Error('no dec_dense_784 in the checkpoint')
  const exportedKernel = decoder.getLayer('dec_dense_784').getWeights()[0]?.dataSync()
  expect(exportedKernel).toEqual(saved.subarray(kernel.offset, kernel.offset + 150 * 784))
  // The training state to continue from: where the run was and its optimizer's state (Nadam's:
  // the step count, then two moments and a step per trainable variable, named stably by layer).
  expect(manifest).toMatchObject({ version: 2, epoch: 2, phase: { index: 0, name: 'train' } })
  expect(manifest.step).toBeGreaterThan(0)
  const [optimizer] = manifest.optimizers
  const trainable = Object.keys(manifest.variables).length
  expect(trainable).toBeGreaterThan(0)
  expect(optimizer?.tensors).toHaveLength(1 + 3 * trainable)
  for (const name of Object.keys(manifest.variables))
    expect(optimizer?.tensors.map((t) => t.name)).toContain(`${name}/m`)
  expect(manifest.variables['dec_dense_784/kernel']).toBe('dec_dense_784/0')
  const moment = optimizer?.tensors.find((t) => t.shape.join() === '150,784')
  expect(
    moment && saved.subarray(moment.offset, moment.offset + 150 * 784).some((v) => v !== 0),
  ).toBe(true)
  // … and training did learn: the validation loss fell from the first epoch to the second.
  const val = run.curves
    .filter((p) => 'val_loss' in p.metrics)
    .map((p) => p.metrics['val_loss'] ?? NaN)
  expect(val[1]).toBeLessThan(val[0] ?? 0)
  tf.dispose([...xs, want])
  tf.disposeVariables()
})

test('a stopped run is recorded as stopped, with the weights it had; an unknown run is a clear error', async () => {
  const { host, runId } = await trainThroughHost('gan', 50, 128, (stop) => {
    stop()
  })
  const [record] = await host['runs:list']({})
  // Stopped as the first epoch's end was seen (a few more may have run while its checkpoint was
  // written): the record keeps the last completed epoch's weights.
  expect(record).toMatchObject({ id: runId, status: 'stopped', checkpoint: true })
  expect(record?.epochsCompleted).toBeGreaterThanOrEqual(1)
  expect(record?.checkpointEpoch).toBe(record?.epochsCompleted)
  const exported = await host['runs:export']({ runId, formats: ['onnx'] })
  if (!exported.ok) throw new Error(exported.error)
  // The generator goes to ONNX; the discriminator is not an inference model.
  expect(exported.files).toEqual(['onnx/generator.onnx', 'README.md'])
  expect(await host['runs:get']({ runId: 'run-nothere' })).toEqual({
    ok: false,
    error: 'no run run-nothere',
  })
  expect(await host['runs:export']({ runId: 'run-nothere' })).toEqual({
    ok: false,
    error: 'no run run-nothere',
  })
})

test('exported files are fetched only from inside the export folder', async () => {
  const root = mkdtempSync(join(tmpdir(), 'ls-runs-'))
  const { REQUESTS } = await import('../../../common/api')
  for (const path of ['../run.json', '/etc/passwd', 'onnx/../../graph.json', '.hidden', 'a//b'])
    expect(REQUESTS['runs:exportFile'].safeParse({ runId: 'run-x', path }).success).toBe(false)
  expect(
    REQUESTS['runs:exportFile'].safeParse({ runId: 'run-x', path: 'onnx/decoder.onnx' }).success,
  ).toBe(true)
  const host = createEngineHost(() => undefined, 'browser', { root })
  expect(await host['runs:exportFile']({ runId: 'run-x', path: 'README.md' })).toEqual({
    ok: false,
    error: 'no exported file README.md in run run-x: export it first',
  })
})

test('a convolutional autoencoder draws a latent map too, and its points decode into images', async () => {
  const { host, runId } = await trainThroughHost('conv-ae', 1, 160)
  const run = await host['runs:get']({ runId })
  if (!run.ok) throw new Error(run.error)
  expect(run.previews.map((p) => p.name).sort()).toEqual(['latent-map', 'reconstructions'])
  const decoded = await host['runs:decode']({ runId, x: 0.4, y: 0.6 })
  if (!decoded.ok) throw new Error(decoded.error)
  expect([decoded.width, decoded.height]).toEqual([30, 30])
  const strip = await host['runs:interpolate']({ runId, from: 3, to: 4, steps: 4 })
  if (!strip.ok) throw new Error(strip.error)
  expect([strip.width, strip.height]).toEqual([6 * 29 + 1, 30])
}, 60_000)

test('an epoch is reported ended only once its checkpoint is on disk', async () => {
  const root = mkdtempSync(join(tmpdir(), 'ls-order-'))
  const seen: { reported: number; onDisk: number }[] = []
  let ended: () => void = () => undefined
  const finished = new Promise<void>((resolve) => (ended = resolve))
  const host = createEngineHost(
    (e) => {
      if (e.type !== 'train:event') return
      if (e.event.type === 'epoch') {
        // What a client that sees the epoch end and then loses the engine would find on disk.
        const manifest = manifestSchema.parse(
          JSON.parse(readFileSync(join(root, e.runId, 'checkpoint', 'weights.json'), 'utf8')),
        )
        seen.push({ reported: e.event.epoch, onDisk: manifest.epoch })
      }
      if (['done', 'stopped', 'failed'].includes(e.event.type)) ended()
    },
    'browser',
    { root },
  )
  const started = await host['train:start']({
    doc: loadTemplateDoc('stacked-ae'),
    epochs: 3,
    limit: 256,
  })
  if (!started.ok) throw new Error(started.error)
  await finished
  expect(seen).toEqual([
    { reported: 1, onDisk: 1 },
    { reported: 2, onDisk: 2 },
    { reported: 3, onDisk: 3 },
  ])
})
