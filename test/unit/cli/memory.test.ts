import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { expect, test } from 'vitest'
import { cli, jsonLines } from '../../helpers/cli'

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'latent-studio.js')

/**
 * Trains in a process of its own (peak RSS is per process) and reads its done line, after checking
 * the epoch trained to finite losses (for DCGAN and diffusion, the suite's one epoch of training).
 */
async function peak(
  id: string,
  args: string[],
): Promise<{ memoryBytes: number; peakRssBytes: number }> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [BIN, 'train', id, '--epochs', '1', '--json', '--no-estimate', ...args],
    { env: process.env, maxBuffer: 1 << 24 },
  )
  const lines = jsonLines<{
    type: string
    metrics?: Record<string, number>
    memoryBytes?: number
    peakRssBytes?: number
  }>(stdout)
  const losses = Object.entries(lines.find((l) => l.type === 'epoch')?.metrics ?? {}).filter(
    ([k]) => /loss/i.test(k),
  )
  expect(losses.length).toBeGreaterThan(0)
  for (const [k, v] of losses) expect(Number.isFinite(v), k).toBe(true)
  // A generative run measures its FID at the epoch's end unless --no-fid says not to.
  const metrics = lines.find((l) => l.type === 'epoch')?.metrics ?? {}
  if (id !== 'vae' && id !== 'conv-ae') expect('fid' in metrics).toBe(!args.includes('--no-fid'))
  const done = lines.find((l) => l.type === 'done')
  return { memoryBytes: done?.memoryBytes ?? 0, peakRssBytes: done?.peakRssBytes ?? 0 }
}

test.each([
  ['vae', ['--limit', '256', '--threads', '2']],
  ['conv-ae', ['--limit', '256', '--threads', '1']],
  ['dcgan', ['--limit', '96', '--threads', '1']],
  // Its FID samples images for 6 s here, and adds little to the peak.
  ['diffusion', ['--limit', '96', '--threads', '1', '--no-fid']],
])(
  '%s: the memory estimate is within a factor of 2 of the measured peak',
  async (id, args) => {
    const { memoryBytes, peakRssBytes } = await peak(id, args)
    expect(peakRssBytes).toBeGreaterThan(0)
    const ratio = peakRssBytes / memoryBytes
    expect(ratio).toBeGreaterThan(0.5)
    expect(ratio).toBeLessThan(2)
  },
  60_000,
)

test('a run whose estimate exceeds the memory budget is refused before it starts, saying what to lower', async () => {
  const small = await cli(
    'train',
    'vae',
    '--memory-budget',
    '150M',
    '--epochs',
    '1',
    '--json',
    '--no-estimate',
  )
  expect(small.code).toBe(1)
  const error = jsonLines<{ type: string; message: string }>(small.out).at(-1)
  expect(error?.type).toBe('error')
  expect(error?.message).toMatch(
    /^this run would need about \d+ MB of memory \(activations of a batch of 128: .*\), over the memory budget of 150 MB: lower the batch size, the training threads or the layers’ sizes, or raise the budget \(--memory-budget\)$/,
  )
  // The default budget is half of this machine's memory: a huge batch is refused by it.
  const huge = await cli(
    'train',
    'diffusion',
    '--batch-size',
    '65536',
    '--epochs',
    '1',
    '--no-estimate',
  )
  expect(huge.code).toBe(1)
  expect(huge.err).toMatch(/over the memory budget of [\d.]+ GB \(half of this machine’s memory\)/)
})
