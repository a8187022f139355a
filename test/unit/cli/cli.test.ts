import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, test } from 'vitest'
import { runCli } from '../../../main/cli'
import { rawDoc } from '../../helpers/docs'

const fixtures = new URL('../../fixtures/', import.meta.url).pathname
const dir = mkdtempSync(join(tmpdir(), 'latent-cli-'))
const file = (name: string, content: unknown) => {
  const path = join(dir, name)
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content))
  return path
}

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await runCli(args, { out: (s) => (out += s), err: (s) => (err += s) })
  return { code, out, err }
}
const json = (s: string): unknown => JSON.parse(s)

interface ValidateJson {
  ok: boolean
  errors: { nodeId: string | null; message: string; path?: string }[]
  shapes: Record<string, (number | null)[]>
}
interface SummaryJson {
  ok: boolean
  models: {
    name: string
    role: string
    totalParams: number
    trainableParams: number
    layers: { name: string; kind: string; outputShape: (number | null)[]; params: number }[]
  }[]
}

describe('latent-studio validate', () => {
  test('a valid graph: exit 0, shapes per node', async () => {
    const r = await cli('validate', join(fixtures, 'vae.json'), '--json')
    expect(r.code).toBe(0)
    const body = json(r.out) as ValidateJson
    expect(body.ok).toBe(true)
    expect(body.errors).toEqual([])
    expect(body.shapes['codings']).toEqual([null, 10])
    expect(body.shapes['reconstruction']).toEqual([null, 28, 28])
  })

  test('an invalid graph: exit 1, errors with node ids', async () => {
    const path = file(
      'bad.json',
      rawDoc({
        nodes: [
          { id: 'x', kind: 'input', params: { shape: [28, 28, 1] } },
          { id: 'c', kind: 'conv2d', params: { strides: 4, filters: 64 } },
          { id: 'd', kind: 'dense' },
        ],
        edges: [
          { source: 'x', target: 'c' },
          { source: 'c', target: 'd' },
        ],
      }),
    )
    const r = await cli('validate', path, '--json')
    expect(r.code).toBe(1)
    expect((json(r.out) as ValidateJson).errors).toEqual([
      { nodeId: 'd', message: 'Dense after Conv2D needs Flatten: got [null,7,7,64]' },
      {
        nodeId: null,
        message:
          'the autoencoder recipe needs a group with the role encoder and a group with the role decoder',
      },
    ])
    const human = await cli('validate', path)
    expect(human.out).toContain('d: Dense after Conv2D needs Flatten: got [null,7,7,64]')
  })

  test.each([
    [
      'a malformed document',
      () =>
        file(
          'malformed.json',
          rawDoc({
            nodes: [
              { id: 'a', kind: 'input' },
              { id: 'b', kind: 'dense' },
              { id: 'c', kind: 'dense' },
              { id: 'd', kind: 'dense', params: { units: -3 } },
            ],
          }),
        ),
      'nodes[3].params.units: expected positive integer',
    ],
    [
      'a file that is not JSON',
      () => file('broken.json', '{ "format": "latent-studio.graph", '),
      'not valid JSON',
    ],
    ['a missing file', () => join(dir, 'nope.json'), 'no such file'],
  ])('%s: exit 2 with a readable error, no stack trace', async (_name, make, message) => {
    const r = await cli('validate', make())
    expect(r.code).toBe(2)
    expect(r.out).toContain(message)
    expect(r.out + r.err).not.toMatch(/\n\s+at /)
    const j = await cli('validate', make(), '--json')
    expect(j.code).toBe(2)
    expect((json(j.out) as ValidateJson).ok).toBe(false)
  })
})

describe('latent-studio summary', () => {
  test('the VAE fixture: per-model totals and layers like Keras', async () => {
    const r = await cli('summary', join(fixtures, 'vae.json'), '--json')
    expect(r.code).toBe(0)
    const { models } = json(r.out) as SummaryJson
    expect(models.map((m) => [m.name, m.role, m.totalParams, m.trainableParams])).toEqual([
      ['Encoder', 'encoder', 134_870, 134_870],
      ['Decoder', 'decoder', 134_634, 134_634],
    ])
    expect(models[0]?.layers.find((l) => l.name === 'codings_mean')).toEqual({
      name: 'codings_mean',
      kind: 'Dense',
      outputShape: [null, 10],
      params: 1010,
    })
  })

  test('the simple GAN by template id, as a human table', async () => {
    const r = await cli('summary', 'gan')
    expect(r.code).toBe(0)
    expect(r.out).toContain('Model "Generator" (generator)')
    expect(r.out).toContain('Total params: 136,634')
    expect(r.out).toContain('Total params: 132,951')
  })

  test('an invalid graph does not compile: exit 1', async () => {
    const path = file(
      'cycle.json',
      rawDoc({
        nodes: [
          { id: 'x', kind: 'input', params: { shape: [4] } },
          { id: 'a', kind: 'add' },
          { id: 'd', kind: 'dense', params: { units: 4 } },
        ],
        edges: [
          { source: 'x', target: 'a', targetHandle: 'in0' },
          { source: 'd', target: 'a', targetHandle: 'in1' },
          { source: 'a', target: 'd' },
        ],
      }),
    )
    const r = await cli('summary', path)
    expect(r.code).toBe(1)
    expect(r.out).toContain('is part of a cycle')
  })
})

describe('latent-studio templates and backends', () => {
  test('templates --json lists ids, titles and recipes', async () => {
    const r = await cli('templates', '--json')
    expect(r.code).toBe(0)
    const list = json(r.out) as { id: string; title: string; recipe: string }[]
    expect(list.map((t) => [t.id, t.recipe])).toEqual(
      expect.arrayContaining([
        ['vae', 'vae'],
        ['gan', 'gan'],
      ]),
    )
  })

  test('backends explains why the native backends are not used here', async () => {
    const r = await cli('backends', '--json')
    const body = json(r.out) as {
      ok: boolean
      backend: string
      attempts: { name: string; ok: boolean; reason?: string; note?: string }[]
    }
    expect(r.code).toBe(0)
    // On machines without libtensorflow the engine runs on wasm; where it is installed, on tensorflow.
    expect(['wasm', 'tensorflow', 'tensorflow-gpu']).toContain(body.backend)
    // Every backend is listed: the one in use, why the others are not, the GPU adapter WebGPU
    // would use (or why there is none).
    expect(body.attempts.map((a) => a.name)).toEqual([
      'tensorflow-gpu',
      'webgpu',
      'tensorflow',
      'wasm',
      'cpu',
    ])
    for (const a of body.attempts.filter((x) => !x.ok)) expect(a.reason).toMatch(/\w+/)
    const used = body.attempts.find((a) => a.name === body.backend)
    expect(used).toMatchObject({ ok: true })
    const webgpu = body.attempts.find((a) => a.name === 'webgpu')
    expect(webgpu?.note ?? webgpu?.reason).toMatch(/adapter|Dawn/)
    // On wasm it says whether our SIMD kernels run (they do on Node 20).
    if (body.backend === 'wasm')
      expect(used?.note).toBe('with Latent Studio’s WebAssembly SIMD training kernels')
  })

  test('a wrong command line exits 2', async () => {
    expect((await cli('frobnicate')).code).toBe(2)
    expect((await cli('summary', 'vae', '--backend', 'quantum')).code).toBe(2)
  })
})

test('the package bin runs the CLI (npx latent-studio)', async () => {
  const bin = new URL('../../../bin/latent-studio.js', import.meta.url).pathname
  const { stdout } = await promisify(execFile)(process.execPath, [
    bin,
    'validate',
    join(fixtures, 'simple-gan.json'),
    '--json',
  ])
  expect((json(stdout) as ValidateJson).shapes['real_prob']).toEqual([null, 1])
  const failed = await promisify(execFile)(process.execPath, [
    bin,
    'validate',
    join(dir, 'nope.json'),
  ]).catch((e: unknown) => e as { code: number })
  expect((failed as { code: number }).code).toBe(2)
})
