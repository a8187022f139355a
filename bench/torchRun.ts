import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { GraphDoc } from '../common/graph/schema'
import { spread } from './stats'
import { torchSpec } from './torchSpec'

const PYTHON = '/usr/bin/python3'
const ROOT = join(import.meta.dirname, '..')

/** PyTorch's figures for the same architecture, recipe step, batch size and optimizer. */
export function torchRun(doc: GraphDoc, examples: number, repeats: number) {
  const dir = mkdtempSync(join(tmpdir(), 'ls-bench-'))
  const spec = join(dir, 'spec.json')
  writeFileSync(spec, JSON.stringify(torchSpec(doc)))
  const out = execFileSync(
    PYTHON,
    [
      join(ROOT, 'bench', 'torch', 'reference.py'),
      spec,
      '--examples',
      String(examples),
      '--repeats',
      String(repeats),
      '--threads',
      '2',
    ],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  )
  const r = JSON.parse(out) as {
    samplesPerSec: number[]
    trainableParams: Record<string, number>
    peakRssMB: number
    torch: string
    threads: number
  }
  return {
    rate: spread(r.samplesPerSec),
    peakRssMB: r.peakRssMB,
    params: r.trainableParams,
    version: r.torch,
    threads: r.threads,
  }
}

/** Installs Debian's python3-torch when it is missing (as root, with apt), or says why it cannot. */
export function ensureTorch(): string | null {
  const probe = () => spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0
  if (existsSync(PYTHON) && probe()) return null
  if (process.getuid?.() !== 0)
    return 'python3-torch is not installed (apt-get install python3-torch)'
  console.error('Installing python3-torch with apt…')
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' })
  spawnSync('apt-get', ['install', '-y', '-qq', 'python3-torch'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  })
  return probe() ? null : 'python3-torch could not be installed'
}
