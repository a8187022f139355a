// Training throughput: Latent Studio's engine against PyTorch on the same CPU, same run.
// Usage: npm run bench [-- --json] [--only vae,conv-ae] [--repeats N] [--no-torch] [--no-cpu]
// Needs Debian's python3-torch for /usr/bin/python3 (installed with apt when missing, as root).
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import Table from 'cli-table3'
import { loadTemplate } from '../main/engine/templates'
import type { GraphDoc } from '../main/graph/schema'
import { trainDocument } from '../main/train/run'
import { torchSpec } from './torchSpec'

const PYTHON = '/usr/bin/python3'
const ROOT = join(import.meta.dirname, '..')

interface Case {
  readonly id: string
  /** Examples per epoch (before the 10% validation split) and repeats, sized for minutes, not hours. */
  readonly limit: number
  /** A smaller run for the slow pure-JS backend, or null to skip it. */
  readonly cpuLimit: number | null
}
const CASES: readonly Case[] = [
  { id: 'vae', limit: 2000, cpuLimit: 1000 },
  { id: 'conv-ae', limit: 1000, cpuLimit: 64 },
  { id: 'dcgan', limit: 256, cpuLimit: null },
  { id: 'diffusion', limit: 256, cpuLimit: null },
]

/** Median, min and max of repeated figures. */
interface Spread {
  readonly median: number
  readonly min: number
  readonly max: number
  readonly runs: readonly number[]
}
const spread = (xs: readonly number[]): Spread => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  const median = s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2
  return { median, min: s[0] ?? NaN, max: s.at(-1) ?? NaN, runs: xs }
}
const fmt = (s: Spread | null) =>
  s ? `${s.median.toFixed(0)} (${s.min.toFixed(0)}–${s.max.toFixed(0)})` : '–'

const flag = (name: string) => process.argv.includes(name)
const option = (name: string) => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}

function templateDoc(id: string): GraphDoc {
  const doc = loadTemplate(id)
  if (!doc.ok) throw new Error(`template ${id}: ${JSON.stringify(doc.error)}`)
  return doc.value
}

/** Epoch throughput of the engine (samples/s of each epoch after a warm-up one) and its peak memory. */
async function engineRun(doc: GraphDoc, backend: 'wasm' | 'cpu', limit: number, repeats: number) {
  const rates: number[] = []
  let peakRss = process.memoryUsage().rss
  let peakTensorBytes = 0
  const r = await trainDocument(doc, {
    backend,
    epochs: repeats + 1,
    limit,
    previewEverySec: 1e9, // previews only at epoch ends, outside the timed epochs
    onEvent: (e) => {
      if (e.type === 'batch') {
        peakRss = Math.max(peakRss, process.memoryUsage().rss)
        peakTensorBytes = Math.max(peakTensorBytes, tf.memory().numBytes)
      }
      if (e.type === 'epoch' && e.epoch > 1) rates.push(e.samplesPerSec)
    },
  })
  if (!r.ok) throw new Error(r.error)
  const params = Object.fromEntries(
    r.value.compiled.models.map((m) => [
      m.plan.id,
      m.model.trainableWeights.reduce(
        (n, w) => n + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1),
        0,
      ),
    ]),
  )
  tf.disposeVariables()
  return {
    rate: spread(rates),
    peakRssMB: peakRss / 2 ** 20,
    peakTensorMB: peakTensorBytes / 2 ** 20,
    params,
  }
}

/**
 * One epoch with the app's default preview cadence: the time from asking to train to the first
 * preview frame, and the share of the run's time spent making previews.
 */
async function previewRun(doc: GraphDoc, limit: number) {
  const t0 = performance.now()
  // Written from the event callback, which the compiler does not follow.
  const seen: { firstPreviewMs: number | null; previewSeconds: number } = {
    firstPreviewMs: null,
    previewSeconds: 0,
  }
  const r = await trainDocument(doc, {
    backend: 'wasm',
    epochs: 1,
    limit,
    onEvent: (e) => {
      if (e.type === 'preview' && seen.firstPreviewMs === null)
        seen.firstPreviewMs = performance.now() - t0
      if (e.type === 'done') seen.previewSeconds = e.previewSeconds
    },
  })
  if (!r.ok) throw new Error(r.error)
  const wall = (performance.now() - t0) / 1000
  tf.disposeVariables()
  return { firstPreviewMs: seen.firstPreviewMs, previewShare: seen.previewSeconds / wall }
}

/** PyTorch's figures for the same architecture, recipe step, batch size and optimizer. */
function torchRun(doc: GraphDoc, examples: number, repeats: number) {
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
function ensureTorch(): string | null {
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

const only = option('--only')?.split(',')
const repeats = Number(option('--repeats') ?? 3)
const noTorch = flag('--no-torch') ? 'not asked for (--no-torch)' : ensureTorch()
const results = []
for (const c of CASES.filter((x) => !only || only.includes(x.id))) {
  const doc = templateDoc(c.id)
  console.error(`${c.id}: engine (wasm)…`)
  const wasm = await engineRun(doc, 'wasm', c.limit, repeats)
  const trainExamples = c.limit - Math.round(c.limit * doc.training.validationSplit)
  let torch = null
  if (noTorch === null) {
    console.error(`${c.id}: PyTorch…`)
    torch = torchRun(doc, trainExamples, repeats)
  }
  console.error(`${c.id}: previews…`)
  const previews = await previewRun(doc, c.limit)
  let cpu = null
  if (c.cpuLimit !== null && !flag('--no-cpu')) {
    console.error(`${c.id}: engine (cpu)…`)
    cpu = (await engineRun(doc, 'cpu', c.cpuLimit, 1)).rate
  }
  results.push({
    model: c.id,
    batchSize: doc.training.batchSize,
    optimizer: doc.training.optimizer.kind,
    examplesPerEpoch: trainExamples,
    engineWasm: wasm.rate,
    engineCpu: cpu,
    pytorch: torch?.rate ?? null,
    ratio: torch ? wasm.rate.median / torch.rate.median : null,
    firstPreviewMs: previews.firstPreviewMs,
    previewShare: previews.previewShare,
    enginePeakRssMB: wasm.peakRssMB,
    enginePeakTensorMB: wasm.peakTensorMB,
    pytorchPeakRssMB: torch?.peakRssMB ?? null,
    params: { engine: wasm.params, pytorch: torch?.params ?? null },
  })
}
const report = {
  date: new Date().toISOString(),
  machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
  pytorch: noTorch ?? 'python3-torch, 2 threads',
  repeats,
  results,
}
writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(report, null, 2)}\n`)
if (flag('--json')) console.log(JSON.stringify(report, null, 2))
else {
  const table = new Table({
    style: { head: [], border: [] },
    head: [
      'model',
      'same weights',
      'batch',
      'engine wasm samples/s',
      'PyTorch (2 threads)',
      'engine/PyTorch',
      'engine cpu',
      'first preview',
      'previews',
      'peak RSS engine / PyTorch (MB)',
    ],
  })
  for (const r of results)
    table.push([
      r.model,
      r.params.pytorch === null
        ? '–'
        : JSON.stringify(r.params.engine) === JSON.stringify(r.params.pytorch)
          ? 'yes'
          : 'NO',
      r.batchSize,
      fmt(r.engineWasm),
      fmt(r.pytorch),
      r.ratio === null ? '–' : `${r.ratio.toFixed(2)}x`,
      fmt(r.engineCpu),
      r.firstPreviewMs === null ? '–' : `${(r.firstPreviewMs / 1000).toFixed(2)} s`,
      `${(r.previewShare * 100).toFixed(1)}%`,
      `${r.enginePeakRssMB.toFixed(0)} / ${r.pytorchPeakRssMB?.toFixed(0) ?? '–'}`,
    ])
  console.log(table.toString())
  console.log(
    `median (min–max) of ${repeats} epochs after a warm-up one; PyTorch: ${report.pytorch}; written to bench/results.json`,
  )
}
