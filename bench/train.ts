// Training throughput: Latent Studio's engine against PyTorch on the same CPU, same run, and on the
// machine's GPU through WebGPU where it has one; then the editor's figures in headless Chromium.
// Usage: npm run bench [-- --json] [--only vae,conv-ae] [--repeats N] [--no-torch] [--no-cpu]
//        [--no-editor] [--webgpu-software]
// Needs Debian's python3-torch for /usr/bin/python3 (installed with apt when missing, as root).
import { availableParallelism } from 'node:os'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Table from 'cli-table3'
import { loadTemplate } from '../main/documents/templates'
import type { GraphDoc } from '../common/graph/schema'
import { measureEditor } from './editor'
import { engineRun, previewRuns } from './engineRun'
import { fmt, spread } from './stats'
import { ensureTorch, torchRun } from './torchRun'
import { warmReplicasFor } from '../main/train/parallel/pool'
import { webgpuPlan } from './webgpuPlan'

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
  { id: 'conv-ae', limit: 2000, cpuLimit: 64 },
  { id: 'dcgan', limit: 256, cpuLimit: null },
  { id: 'diffusion', limit: 256, cpuLimit: null },
]

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

// As in the app, whose engine keeps training threads booted from its start (see pool.ts).
warmReplicasFor('wasm')
const only = option('--only')?.split(',')
const repeats = Number(option('--repeats') ?? 3)
const noTorch = flag('--no-torch') ? 'not asked for (--no-torch)' : ensureTorch()
const gpu = await webgpuPlan(flag('--webgpu-software'))
const results = []
for (const c of CASES.filter((x) => !only || only.includes(x.id))) {
  const doc = templateDoc(c.id)
  console.error(`${c.id}: engine (wasm, one thread per core)…`)
  const wasm = await engineRun(doc, 'wasm', c.limit, repeats)
  console.error(`${c.id}: engine (wasm, one thread)…`)
  const wasm1 = await engineRun(doc, 'wasm', c.limit, repeats, 1)
  const trainExamples = c.limit - Math.round(c.limit * doc.training.validationSplit)
  let torch = null
  if (noTorch === null) {
    console.error(`${c.id}: PyTorch…`)
    torch = torchRun(doc, trainExamples, repeats)
  }
  console.error(`${c.id}: previews…`)
  const previews = await previewRuns(doc, c.limit, repeats + 1, repeats)
  let cpu = null
  if (c.cpuLimit !== null && !flag('--no-cpu')) {
    console.error(`${c.id}: engine (cpu)…`)
    cpu = (await engineRun(doc, 'cpu', c.cpuLimit, 1)).rate
  }
  let webgpu = null
  if (gpu.measure) {
    console.error(`${c.id}: engine (webgpu, ${gpu.adapter})…`)
    webgpu = (await engineRun(doc, 'webgpu', c.limit, repeats, 1)).rate
  }
  results.push({
    model: c.id,
    batchSize: doc.training.batchSize,
    optimizer: doc.training.optimizer.kind,
    examplesPerEpoch: trainExamples,
    threads: wasm.threads,
    engineWasm: wasm.rate,
    engineWasmOneThread: wasm1.rate,
    engineCpu: cpu,
    engineWebgpu: webgpu,
    webgpuVsWasm: webgpu ? webgpu.median / wasm.rate.median : null,
    pytorch: torch?.rate ?? null,
    ratio: torch ? wasm.rate.median / torch.rate.median : null,
    firstPreviewSec: previews.firstPreviewSec,
    previewPercent: previews.previewPercent,
    enginePeakRssMB: wasm.peakRssMB,
    pytorchPeakRssMB: torch?.peakRssMB ?? null,
    params: { engine: wasm.params, pytorch: torch?.params ?? null },
  })
}
let editor = null
if (!flag('--no-editor')) {
  console.error('editor: 300-node graph in headless Chromium…')
  const runs = await measureEditor(repeats)
  editor = {
    nodes: runs[0]?.nodes ?? 0,
    loadMs: spread(runs.map((r) => r.loadMs)),
    dragMedianMs: spread(runs.map((r) => r.drag.medianFrameMs)),
    dragP95Ms: spread(runs.map((r) => r.drag.p95FrameMs)),
    editMs: spread(runs.map((r) => r.edit.medianMs)),
    errors: runs.flatMap((r) => r.errors),
  }
}
const report = {
  date: new Date().toISOString(),
  machine: { cpus: availableParallelism(), node: process.version },
  pytorch: noTorch ?? 'python3-torch, 2 threads',
  webgpu: gpu.text,
  repeats,
  results,
  editor,
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
      'threads',
      'engine 1 thread',
      'PyTorch (2 threads)',
      'engine/PyTorch',
      'engine cpu',
      'engine webgpu',
      'webgpu/wasm',
      'first preview (s)',
      'previews (%)',
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
      r.threads,
      fmt(r.engineWasmOneThread),
      fmt(r.pytorch),
      r.ratio === null ? '–' : `${r.ratio.toFixed(2)}x`,
      fmt(r.engineCpu),
      fmt(r.engineWebgpu),
      r.webgpuVsWasm === null ? '–' : `${r.webgpuVsWasm.toFixed(2)}x`,
      fmt(r.firstPreviewSec, 2),
      fmt(r.previewPercent, 1),
      `${r.enginePeakRssMB.toFixed(0)} / ${r.pytorchPeakRssMB?.toFixed(0) ?? '–'}`,
    ])
  console.log(table.toString())
  console.log(
    `median (min–max) of ${repeats} epochs after a warm-up one (previews: of ${repeats} runs of ${repeats + 1} epochs); PyTorch: ${report.pytorch}; webgpu: ${report.webgpu}; written to bench/results.json`,
  )
  if (editor)
    console.log(
      `editor, ${editor.nodes}-node graph in headless Chromium (${repeats} fresh pages): load ${fmt(editor.loadMs)} ms; drag frame p50 ${fmt(editor.dragMedianMs, 1)} ms, p95 ${fmt(editor.dragP95Ms, 1)} ms; inspector edit to canvas ${fmt(editor.editMs, 1)} ms${editor.errors.length ? `; page errors: ${editor.errors.join('; ')}` : ''}`,
    )
}
