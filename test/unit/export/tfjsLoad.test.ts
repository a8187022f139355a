import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, parse } from 'node:path'
import { promisify } from 'node:util'
import * as ort from 'onnxruntime-node'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { listTemplates, loadTemplate } from '../../../main/documents/templates'
import { describeModels, type ModelIo } from '../../../main/export/modelIo'
import { exportRun } from '../../../main/export/exportRun'
import { saveCheckpoint } from '../../../main/runs/checkpoint'
import { initBackend } from '../../../main/tfjs/backend'
import { compileGraph, disposeCompiled } from '../../../main/tfjs/compile'
import { seeded } from '../../helpers/backends'
import { randomizeWeights } from '../../helpers/onnx'

/**
 * Every template's TensorFlow.js export, loaded the way a user elsewhere loads it: by its own
 * `tfjs/load.mjs`, from a folder outside the repository where nothing but `@tensorflow/tfjs`
 * resolves, in a plain `node` process; its outputs set against the ONNX files' in onnxruntime.
 */

const ROOT = mkdtempSync(join(tmpdir(), 'latent-export-'))
const IDS = listTemplates().map((t) => t.id)
const BATCH = 2

/** A model input as the check script feeds it: documented shape (batch 2), seeded values. */
interface Feed {
  readonly name: string
  readonly shape: number[]
  readonly dtype: 'float32' | 'int32'
  readonly values: number[]
}

function feedsFor(m: ModelIo, seed: number): Feed[] {
  return m.inputs.map((input, i) => {
    const shape = input.shape.map((d) => d ?? BATCH)
    const size = shape.reduce((a, b) => a * b, 1)
    const raw = seeded(size, seed + i)
    const values =
      input.dtype === 'int32'
        ? Array.from(raw, (v) => Math.floor((v + 1) * 1999))
        : Array.from(raw, (v) => Number(((v + 1) / 2).toFixed(6)))
    return { name: input.name, shape, dtype: input.dtype, values }
  })
}

/** Runs in the outside folder: loads each export with load.mjs and prints every model's outputs. */
const CHECK = `
import * as tf from '@tensorflow/tfjs'
const ids = process.argv.slice(2)
const out = { isolated: await import('onnxruntime-node').then(() => false, () => true), runs: {} }
for (const id of ids) {
  const load = await import('./' + id + '/export/tfjs/load.mjs')
  const feeds = JSON.parse(await (await import('node:fs/promises')).readFile('./' + id + '/feeds.json', 'utf8'))
  const models = await load.loadModels(tf)
  // Each model also alone (a tied decoder without its encoder), from the folder given as a path.
  const alone = {}
  for (const m of load.MODELS)
    Object.assign(alone, await load.loadModelsFrom(tf, process.cwd() + '/' + id + '/export/tfjs', [m]))
  const run = {}
  for (const [m, inputs] of Object.entries(feeds)) {
    const xs = inputs.map((f) => tf.tensor(f.values, f.shape, f.dtype))
    const arg = xs.length === 1 ? xs[0] : xs
    const read = (ys) => (Array.isArray(ys) ? ys : [ys]).map((y) => ({ shape: y.shape, values: Array.from(y.dataSync()) }))
    run[m] = { predict: read(models[m].predict(arg)), alone: read(alone[m].predict(arg)), apply: read(models[m].apply(arg)) }
    // A scalar step also as [batch] through apply().
    if (inputs.some((f) => f.dtype === 'int32'))
      run[m].flatStep = read(models[m].apply(xs.map((x) => (x.dtype === 'int32' ? x.reshape([-1]) : x))))
  }
  out.runs[id] = run
}
process.stdout.write(JSON.stringify(out))
`

let checked: {
  isolated: boolean
  runs: Record<string, Record<string, Record<string, { shape: number[]; values: number[] }[]>>>
}

beforeAll(async () => {
  expect((await initBackend('wasm')).ok).toBe(true)
  // Nothing above the folder may lend it packages.
  for (let d = ROOT; d !== parse(d).root; d = dirname(d))
    expect(existsSync(join(dirname(d), 'node_modules'))).toBe(false)
  await mkdir(join(ROOT, 'node_modules', '@tensorflow'), { recursive: true })
  symlinkSync(
    join(import.meta.dirname, '../../../node_modules/@tensorflow/tfjs'),
    join(ROOT, 'node_modules', '@tensorflow', 'tfjs'),
  )
  writeFileSync(join(ROOT, 'check.mjs'), CHECK)
  for (const id of IDS) {
    const doc = loadTemplate(id)
    if (!doc.ok) throw new Error(`template ${id}`)
    const compiled = compileGraph(doc.value)
    if (!compiled.ok) throw new Error(`compile ${id}`)
    for (const m of compiled.value.models) randomizeWeights(m.model)
    const runDir = join(ROOT, id)
    await saveCheckpoint(compiled.value, join(runDir, 'checkpoint'))
    disposeCompiled(compiled.value)
    writeFileSync(join(runDir, 'graph.json'), JSON.stringify(doc.value))
    const exported = await exportRun(runDir, ['tfjs', 'onnx'])
    if (!exported.ok) throw new Error(exported.error)
    const feeds = Object.fromEntries(
      describeModels(doc.value).map((m, i) => [m.id, feedsFor(m, 11 + i)]),
    )
    writeFileSync(join(runDir, 'feeds.json'), JSON.stringify(feeds))
  }
  const { stdout } = await promisify(execFile)(process.execPath, ['check.mjs', ...IDS], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '' },
    maxBuffer: 1 << 28,
  })
  checked = JSON.parse(stdout) as typeof checked
}, 300_000)

afterAll(() => {
  rmSync(ROOT, { recursive: true, force: true })
})

test('the outside folder resolves @tensorflow/tfjs and nothing else of the project', () => {
  expect(checked.isolated).toBe(true)
})

const maxDiff = (a: readonly number[], b: ArrayLike<number>) => {
  let d = 0
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs((a[i] ?? 0) - (b[i] ?? 0)))
  return a.length === b.length ? d : Infinity
}

test.each(IDS)(
  '%s: load.mjs loads every model with plain tfjs; predict(), apply() and each model alone give the ONNX outputs to 1e-4',
  async (id) => {
    const doc = loadTemplate(id)
    if (!doc.ok) throw new Error(id)
    const feeds = JSON.parse(readFileSync(join(ROOT, id, 'feeds.json'), 'utf8')) as Record<
      string,
      Feed[]
    >
    const run = checked.runs[id] ?? {}
    const models = describeModels(doc.value)
    expect(Object.keys(run).sort()).toEqual(models.map((m) => m.id).sort())
    for (const m of models) {
      const onnx = join(ROOT, id, 'export', 'onnx', `${m.id}.onnx`)
      const results = run[m.id] ?? {}
      // Every way of calling gives the documented output shapes.
      for (const way of Object.values(results))
        expect(way.map((o) => o.shape)).toEqual(
          m.outputs.map((o) => o.shape.map((d) => d ?? BATCH)),
        )
      if (!existsSync(onnx)) continue
      const session = await ort.InferenceSession.create(onnx)
      const inputs = feeds[m.id] ?? []
      const answer = await session.run(
        Object.fromEntries(
          inputs.map((f) => [
            f.name,
            new ort.Tensor(
              f.dtype,
              f.dtype === 'int32' ? Int32Array.from(f.values) : Float32Array.from(f.values),
              f.shape,
            ),
          ]),
        ),
      )
      m.outputs.forEach((o, i) => {
        // Sampling draws ε anew on each call: its output is random; the mean and log-variance are not.
        if (o.meaning.startsWith('codings: mean + exp')) return
        const expected = answer[session.outputNames[i] ?? '']?.data as Float32Array
        const scale = Math.max(1, ...Array.from(expected, Math.abs))
        for (const [way, outs] of Object.entries(results))
          expect(
            maxDiff(outs[i]?.values ?? [], expected) / scale,
            `${m.id} ${o.name} ${way}`,
          ).toBeLessThan(1e-4)
      })
    }
  },
)
