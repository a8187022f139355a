// Pretrains the `diffusion` template's denoiser on the full Fashion-MNIST and writes its weights to
// data/pretrained/diffusion/ (a checkpoint without optimizer state, and about.json saying how it was
// trained): the quick preset starts from them. Needs the full Fashion-MNIST (Debian's
// dataset-fashion-mnist, or `latent-studio download fashion-mnist`). Hours on a 2-core CPU per
// handful of epochs; the weights are rewritten at every epoch's end, so stopping keeps the last one.
// Usage: npx tsx scripts/pretrainDiffusion.ts [epochs]
//        npx tsx scripts/pretrainDiffusion.ts --run <run folder>   (package a finished or stopped
//        `latent-studio train diffusion --quick --from-scratch --data …` run instead)
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { PretrainedAbout } from '../common/pretrained'
import { findFashionMnist } from '../main/data/fashionMnist'
import { loadTemplate } from '../main/documents/templates'
import { loadCheckpoint, snapshotWeights, writeSnapshot } from '../main/runs/checkpoint'
import { pretrainedDir } from '../main/runs/pretrained'
import { readCurves, runDocument } from '../main/runs/records'
import { trainDocument } from '../main/train/run'
import { applyQuickPreset, withoutInitialWeights } from '../common/graph/quickPreset'
import type { CompiledGraph } from '../main/tfjs/compile'
import type { GraphDoc } from '../common/graph/schema'

const OUT = pretrainedDir('diffusion')

/** The template as the quick preset trains it, from scratch. */
function presetDoc(): GraphDoc {
  const template = loadTemplate('diffusion')
  if (!template.ok) throw new Error('the diffusion template cannot be read')
  const quick = applyQuickPreset(template.value)
  if (!quick.ok) throw new Error('the quick preset does not parse')
  return withoutInitialWeights(quick.value)
}

async function write(
  compiled: CompiledGraph,
  doc: GraphDoc,
  curve: Record<string, number>[],
  info: { trainExamples: number; seconds: number; backend: string },
): Promise<void> {
  await writeSnapshot(await snapshotWeights(compiled), OUT)
  const about: PretrainedAbout = {
    template: 'diffusion',
    epochs: curve.length,
    trainExamples: info.trainExamples,
    dataset: 'Fashion-MNIST',
    seconds: Math.round(info.seconds),
    metrics: curve.at(-1) ?? {},
    curve,
    training: { ...doc.training },
    backend: info.backend,
    date: new Date().toISOString().slice(0, 10),
  }
  await writeFile(join(OUT, 'about.json'), `${JSON.stringify(about, null, 2)}\n`)
  console.log(`wrote ${OUT} (epoch ${curve.length})`)
}

const runAt = process.argv.indexOf('--run')
if (runAt >= 0) {
  const runDir = process.argv[runAt + 1]
  if (!runDir) throw new Error('--run needs a run folder')
  const doc = await runDocument(runDir)
  if (!doc.ok) throw new Error(doc.error)
  const compiled = await loadCheckpoint(doc.value, join(runDir, 'checkpoint'))
  if (!compiled.ok) throw new Error(compiled.error)
  const epochs = (await readCurves(runDir)).filter((p) => p.epoch !== undefined)
  const run = JSON.parse(await readFile(join(runDir, 'run.json'), 'utf8')) as {
    checkpointEpoch?: number
  }
  const kept = epochs.slice(0, run.checkpointEpoch ?? epochs.length)
  const last = kept.at(-1)
  if (!last) throw new Error('the run has not finished an epoch')
  await write(
    compiled.value,
    doc.value,
    kept.map((p) => p.metrics),
    {
      // An epoch point's rate is its training examples over its seconds.
      trainExamples: Math.round((last.samplesPerSec ?? 0) * (last.seconds ?? 0)),
      seconds: kept.reduce((s, p) => s + (p.seconds ?? 0), 0),
      backend: 'wasm',
    },
  )
} else {
  const epochs = Number(process.argv[2] ?? 6)
  const dataDir = findFashionMnist()
  if (!dataDir)
    throw new Error('the full Fashion-MNIST is needed (apt-get install dataset-fashion-mnist)')
  const doc = presetDoc()
  const curve: Record<string, number>[] = []
  let trainExamples = 0
  let backend = 'wasm'
  const started = Date.now()
  const result = await trainDocument(doc, {
    epochs,
    dataDir,
    onEvent: (e) => {
      if (e.type === 'start') {
        trainExamples = e.trainExamples
        backend = e.backend
      }
      if (e.type === 'epoch') {
        curve.push(e.metrics)
        console.log(`epoch ${e.epoch}/${epochs}: ${JSON.stringify(e.metrics)}`)
      }
    },
    onEpochEnd: (compiled) => {
      void write(compiled, doc, [...curve], {
        trainExamples,
        seconds: (Date.now() - started) / 1000,
        backend,
      })
    },
  })
  if (!result.ok) throw new Error(result.error)
}
