import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { cli, jsonLines } from '../../helpers/cli'

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'latent-studio.js')

test.each([
  ['--epochs', '1e9', '--epochs must be a whole number from 1 to 100000, got "1e9"'],
  ['--batch-size', '0x10', '--batch-size must be a whole number from 1 to 65536, got "0x10"'],
  ['--threads', '1000', '--threads must be a whole number from 1 to 16, got "1000"'],
  ['--limit', '+5', '--limit must be a whole number from 1 to 10000000, got "+5"'],
])('train %s %s is refused with the engine’s bounds (exit 2)', async (flag, value, message) => {
  const r = await cli('train', 'vae', flag, value)
  expect(r.code).toBe(2)
  expect(r.err).toContain(message)
})

test('--out naming a file, a path through a file, or a system folder is one line and exit 2', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ls-out-'))
  const file = join(dir, 'a-file')
  writeFileSync(file, 'x')
  const cases: [string, string][] = [
    [file, `✗ --out ${file} is a file, not a folder\n`],
    [
      join(file, 'sub'),
      `✗ --out ${join(file, 'sub')} cannot be made: ${file} is a file, not a folder\n`,
    ],
    ['/proc/latent', '✗ --out /proc/latent is in /proc, a system folder: choose another\n'],
  ]
  for (const [out, message] of cases) {
    const r = await cli('train', 'vae', '--out', out, '--epochs', '1')
    expect(r.code).toBe(2)
    expect(r.err).toBe(message)
  }
})

test.skipIf(availableParallelism() >= 16)(
  'training threads never exceed the cores: more asked for is said and capped',
  async () => {
    const r = await cli(
      'train',
      'stacked-ae',
      '--threads',
      '16',
      '--epochs',
      '1',
      '--limit',
      '256',
      '--json',
      '--no-estimate',
    )
    expect(r.code).toBe(0)
    const lines = jsonLines<{ type: string; message?: string; threads?: number }>(r.out)
    const cores = availableParallelism()
    expect(lines.find((l) => l.type === 'notice')?.message).toBe(
      `16 training threads asked for, and this machine has ${String(cores)} cores: training in ${String(cores)}`,
    )
    expect(lines.find((l) => l.type === 'epoch')?.threads).toBeLessThanOrEqual(cores)
  },
)

test('a reader that closes its end early (`validate … | head`) ends the command quietly', async () => {
  const child = spawn(process.execPath, [BIN, 'validate', 'templates/vae.json'], {
    cwd: join(import.meta.dirname, '..', '..', '..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout.destroy()
  let err = ''
  child.stderr.on('data', (d: Buffer) => (err += d.toString()))
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  expect(err).toBe('')
  expect(code).toBe(0)
})
