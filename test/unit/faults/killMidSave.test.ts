// The whole app killed mid-save (SIGKILL, no cleanup): the file on disk is always a whole version,
// the previous or the new one, never a torn one. Documents and run checkpoints alike.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { writeAtomic } from '../../../main/documents/documents'
import { writeSnapshot } from '../../../main/runs/checkpoint'
import { Tally } from '../../helpers/fuzz'
import { versions } from '../../helpers/saveLoop'

// Each kill starts a fresh Node with tsx (about 1.4 s): 8 per kind keeps the suite within its time.
const KILLS = 8
const tally = new Tally('kills mid-save')
afterAll(() => {
  console.info(tally.summary())
})

/** Starts the save loop, kills it `delayMs` after its first save, and waits for it to die. */
async function killMidSave(kind: 'document' | 'checkpoint', path: string, delayMs: number) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(import.meta.dirname, '..', '..', 'helpers', 'saveLoop.ts'),
      kind,
      path,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  await new Promise<void>((resolve) =>
    child.stdout.once('data', () => {
      resolve()
    }),
  )
  await new Promise((r) => setTimeout(r, delayMs))
  const dead = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve()
    }),
  )
  child.kill('SIGKILL')
  await dead
}

// The kills run side by side, each on its own file (a process's start-up is most of the time).
const each = (f: (i: number) => Promise<void>) =>
  Promise.all(Array.from({ length: KILLS }, (_, i) => f(i)))

test('a document killed mid-save is one whole version or the other', async () => {
  const [a, b] = versions('document') as [string, string]
  await each(async (i) => {
    const file = join(mkdtempSync(join(tmpdir(), 'ls-kill-doc-')), 'graph.json')
    await writeAtomic(file, a)
    await killMidSave('document', file, 20 + ((i * 37) % 180))
    const text = readFileSync(file, 'utf8')
    expect(text === a || text === b, `kill ${String(i)}: ${String(text.length)} characters`).toBe(
      true,
    )
    tally.add('document whole')
  })
}, 120_000)

test('a checkpoint killed mid-save loads whole: the manifest names a complete float file', async () => {
  const [a] = versions('checkpoint') as [Float32Array, Float32Array]
  await each(async (i) => {
    const dir = mkdtempSync(join(tmpdir(), 'ls-kill-ckpt-'))
    await writeSnapshot(
      { entries: [{ layer: 'l', shape: [a.length], offset: 0 }], data: a, variables: {} },
      dir,
    )
    await killMidSave('checkpoint', dir, 20 + ((i * 41) % 180))
    const manifest = JSON.parse(readFileSync(join(dir, 'weights.json'), 'utf8')) as { data: string }
    const bytes = readFileSync(join(dir, manifest.data))
    const floats = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4)
    expect(floats.length).toBe(a.length)
    const first = floats[0]
    expect(first === 1 || first === 2).toBe(true)
    expect(floats.every((x) => x === first)).toBe(true)
    tally.add('checkpoint whole')
    writeFileSync(join(dir, 'done'), '')
  })
}, 120_000)
