import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { cli } from '../../helpers/cli'
import { runsDir } from '../../../main/runs/records'

test('a CLI run is recorded in the history, listed by `runs` and exported by `export`', async () => {
  const trained = await cli(
    'train',
    'conv-ae',
    '--epochs',
    '1',
    '--limit',
    '128',
    '--json',
    '--no-estimate',
  )
  expect(trained.code).toBe(0)
  const done = JSON.parse(trained.out.trim().split('\n').at(-1) ?? '{}') as { runId?: string }
  const runId = done.runId ?? ''
  expect(runId).toMatch(/^run-/)

  const listed = await cli('runs', '--json')
  const runs = JSON.parse(listed.out) as { id: string; status: string; recipe: string }[]
  expect(runs.find((r) => r.id === runId)).toMatchObject({ status: 'done', recipe: 'autoencoder' })
  expect((await cli('runs')).out).toContain(runId)

  const exported = await cli('export', runId, '--formats', 'onnx,keras', '--json')
  expect(exported.code).toBe(0)
  const report = JSON.parse(exported.out) as { dir: string; files: string[] }
  expect(report.dir).toBe(join(runsDir(), runId, 'export'))
  expect(report.files.sort()).toEqual(
    ['README.md', 'keras/model.py', 'onnx/decoder.onnx', 'onnx/encoder.onnx'].sort(),
  )
  for (const f of report.files) expect(existsSync(join(report.dir, f))).toBe(true)

  // A fresh process, as a user runs it after training: it starts its own backend to load the weights.
  const bin = join(import.meta.dirname, '..', '..', '..', 'bin', 'latent-studio.js')
  const text = execFileSync(process.execPath, [bin, 'export', runId, '--formats', 'tfjs'], {
    encoding: 'utf8',
    env: process.env,
  })
  expect(text).toContain(`Exported ${runId} to `)
  expect(existsSync(join(report.dir, 'tfjs', 'decoder', 'model.json'))).toBe(true)
}, 60_000)

test('export names what is wrong: an unknown run, an unknown format', async () => {
  const missing = await cli('export', 'run-nothere')
  expect(missing.code).toBe(2)
  expect(missing.err).toContain('no run "run-nothere"')
  const badFormat = await cli('export', 'run-x', '--formats', 'onnx,pdf')
  expect(badFormat.code).toBe(2)
  expect(badFormat.err).toContain('expected some of tfjs,onnx,keras,png, got "onnx,pdf"')
})
