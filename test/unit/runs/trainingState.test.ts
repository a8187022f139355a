import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { expect, test } from 'vitest'
import { initBackend } from '../../../main/tfjs/backend'
import { compileGraph } from '../../../main/tfjs/compile'
import { loadCheckpoint, readManifest } from '../../../main/runs/checkpoint'
import { parseManifest } from '../../../main/runs/trainingState'
import { chain, doc } from '../../helpers/docs'

const tiny = () =>
  doc({
    nodes: [
      { id: 'x', kind: 'input', params: { shape: [3] } },
      { id: 'd', kind: 'dense', params: { units: 2 } },
    ],
    edges: chain('x', 'd'),
  })

test('a version 1 checkpoint (weights only) still loads, read as a state at epoch 0 with no optimizer', async () => {
  expect((await initBackend('wasm')).ok).toBe(true)
  const dir = mkdtempSync(join(tmpdir(), 'ls-ckpt-v1-'))
  const kernel = [1, 2, 3, 4, 5, 6]
  const bias = [7, 8]
  writeFileSync(
    join(dir, 'weights.bin'),
    new Uint8Array(Float32Array.from([...kernel, ...bias]).buffer),
  )
  writeFileSync(
    join(dir, 'weights.json'),
    JSON.stringify({
      format: 'latent-studio.weights',
      entries: [
        { layer: 'd', shape: [3, 2], offset: 0 },
        { layer: 'd', shape: [2], offset: 6 },
      ],
    }),
  )
  const manifest = await readManifest(dir)
  if (!manifest.ok) throw new Error(manifest.error)
  expect(manifest.value).toMatchObject({
    version: 2,
    epoch: 0,
    optimizers: [],
    data: 'weights.bin',
  })
  const loaded = await loadCheckpoint(tiny(), dir)
  if (!loaded.ok) throw new Error(loaded.error)
  const layer = loaded.value.layers.get('d')
  expect(layer?.getWeights().map((w) => Array.from(w.dataSync()))).toEqual([kernel, bias])
  tf.disposeVariables()
  // Sanity: the graph compiles on its own too (the weights above are the checkpoint's, not fresh).
  expect(compileGraph(tiny()).ok).toBe(true)
  tf.disposeVariables()
})

test('a damaged manifest is an error naming the field, and a path is never a float file', () => {
  const r = parseManifest({
    format: 'latent-studio.checkpoint',
    version: 2,
    data: '../../etc/passwd.bin',
  })
  expect(r.ok).toBe(false)
  if (!r.ok) expect(r.error).toMatch(/^data: expected a file of the checkpoint/)
  expect(parseManifest({ format: 'something else' }).ok).toBe(false)
})
