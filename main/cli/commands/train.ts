import { mkdir, writeFile, appendFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Command } from 'commander'
import { InvalidArgumentError, Option } from 'commander'
import { RUN_BOUNDS } from '../../../common/runBounds'
import { SingleBar } from 'cli-progress'
import { fmtDocError } from '../../../common/graph/docError'
import type { BackendName } from '../../tfjs/backend'
import { saveModel } from '../../tfjs/modelFiles'
import type { TrainEvent } from '../../../common/events'
import { applyQuickPreset, withoutInitialWeights } from '../../../common/graph/quickPreset'
import { err, ok, type Result } from '../../../common/graph/result'
import type { DocError } from '../../../common/graph/docError'
import type { GraphDoc } from '../../../common/graph/schema'
import { initBackend } from '../../tfjs/backend'
import { warmReplicasFor } from '../../train/parallel/pool'
import { curveLine, runDocument, runsDir } from '../../runs/records'
import { continueRun, startRun } from '../../host/startRun'
import type { EngineEvent } from '../../../common/api'
import { describeEstimate, estimateAndChoose } from '../../train/estimate'
import { loadGraphArg } from '../loadGraph'
import { checkOutDir } from '../outDir'
import { EXIT, type ExitCode, type Output } from '../output'
import { backendOption } from './backendOption'

interface TrainFlags {
  json?: boolean
  quick?: boolean
  fromScratch?: boolean
  epochs?: number
  limit?: number
  batchSize?: number
  backend: BackendName | 'auto'
  data?: string
  out?: string
  threads?: number
  seed?: number
  /** False with --no-estimate. */
  estimate: boolean
  /** False with --no-fid. */
  fid: boolean
  resume?: string
  initFrom?: string
  memoryBudget?: number
}

/** A memory size: a number of gigabytes (`8`, `0.5`) or with a unit (`512M`, `8G`), to bytes. */
const memorySize = (v: string) => {
  const m = /^(\d{1,6}(?:\.\d{1,3})?)([MG]B?)?$/i.exec(v.trim())
  const unit = (m?.[2] ?? 'G').toUpperCase().startsWith('M') ? 1e6 : 1e9
  const bytes = m ? Number(m[1]) * unit : NaN
  if (!Number.isFinite(bytes) || bytes < 64e6)
    throw new InvalidArgumentError(
      `--memory-budget takes a size of at least 64M, such as 8G or 512M, got "${v}"`,
    )
  return bytes
}

/** Flags that set up a new run, which a continued run takes from its record instead. */
const NEW_RUN_ONLY = [
  ['quick', '--quick'],
  ['fromScratch', '--from-scratch'],
  ['seed', '--seed'],
  ['limit', '--limit'],
  ['batchSize', '--batch-size'],
  ['data', '--data'],
  ['initFrom', '--init-from'],
] as const

const runIdArg = (name: string) => (v: string) => {
  if (!/^run-[0-9a-z-]{1,40}$/.test(v))
    throw new InvalidArgumentError(`--${name} takes a run id (run-…), got "${v}"`)
  return v
}

/**
 * A whole number from 1 to `max`, written in decimal digits only: `1e9`, `0x10` or `+5` are
 * refused rather than read as something else, and the bounds are the engine's (RUN_BOUNDS).
 */
const positiveInt = (name: string, max: number) => (v: string) => {
  const n = /^\d{1,9}$/.test(v) ? Number(v) : NaN
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new InvalidArgumentError(
      `--${name} must be a whole number from 1 to ${String(max)}, got "${v}"`,
    )
  return n
}
const seedArg = (v: string) => {
  const n = Number(v)
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 31 - 1)
    throw new InvalidArgumentError(`--seed must be a whole number from 0 to 2147483647, got "${v}"`)
  return n
}
const fmt = (m: Readonly<Record<string, number>>) =>
  Object.entries(m)
    .map(([k, v]) => `${k} ${v.toPrecision(4)}`)
    .join('  ')

/** A recorded run's document, its problems in the form a document file's take. */
async function runGraph(runId: string): Promise<Result<GraphDoc, DocError[]>> {
  const doc = await runDocument(join(runsDir(), runId))
  return doc.ok ? doc : err([{ path: '', message: doc.error }])
}

/** Writes what a run produces into --out: metrics.jsonl and preview PNGs as they come. */
function outputWriter(out: string | undefined) {
  let chain = Promise.resolve()
  const write = (task: () => Promise<void>) => {
    chain = chain.then(task)
  }
  return {
    event(e: TrainEvent) {
      if (!out) return
      // The same lines as the run history's metrics.jsonl.
      if (e.type === 'batch' || e.type === 'epoch') {
        const line = curveLine(e)
        write(() => appendFile(join(out, 'metrics.jsonl'), line))
      }
      if (e.type === 'preview')
        write(() =>
          writeFile(
            join(out, 'previews', `epoch-${String(e.epoch).padStart(3, '0')}-${e.name}.png`),
            e.png,
          ),
        )
    },
    flush: () => chain,
  }
}

/** `latent-studio train`: trains a template or document headless and writes the run to --out. */
export function trainCommand(program: Command, io: Output, done: (code: ExitCode) => void): void {
  program
    .command('train')
    .argument('[graph]', 'graph document (.json) or template id (not with --resume)')
    .description('train a graph on its dataset (the embedded Fashion-MNIST subset by default)')
    .option('--json', 'one JSON object per line: {type:"epoch",…} … {type:"done",…}')
    .addOption(
      new Option('--epochs <n>', 'epochs (default: the document’s)').argParser(
        positiveInt('epochs', RUN_BOUNDS.epochs),
      ),
    )
    .addOption(
      new Option('--limit <n>', 'train on at most n examples').argParser(
        positiveInt('limit', RUN_BOUNDS.limit),
      ),
    )
    .addOption(
      new Option('--batch-size <n>', 'batch size (default: the document’s)').argParser(
        positiveInt('batch-size', RUN_BOUNDS.batchSize),
      ),
    )
    .addOption(backendOption())
    .addOption(
      new Option(
        '--threads <n>',
        'training threads, each on a share of every batch (default: one per core on wasm/cpu)',
      ).argParser(positiveInt('threads', RUN_BOUNDS.threads)),
    )
    .option(
      '--quick',
      "use the template's quick CPU preset (fewer epochs and examples, and the shipped weights it starts from) where it has one",
    )
    .option(
      '--from-scratch',
      'start from the initializers even where the document (or its quick preset) names pretrained weights',
    )
    .addOption(
      new Option(
        '--seed <n>',
        'repeat a run exactly: seeds the initializers, shuffles, dropout and noise (default: the document’s, else random)',
      ).argParser(seedArg),
    )
    .option(
      '--no-estimate',
      'start at once, without first timing a few steps to say how long the run will take',
    )
    .option(
      '--no-fid',
      "skip generative runs' FID at each epoch's end (it samples images: seconds per epoch on a diffusion model)",
    )
    .option(
      '--data <dir>',
      'an MNIST-format folder or a folder of images (one sub-folder per class)',
    )
    .addOption(
      new Option(
        '--resume <run>',
        'continue a recorded run from its last checkpoint (weights and optimizer state): --epochs more epochs (default: those it had left), numbered on, in the same run',
      ).argParser(runIdArg('resume')),
    )
    .addOption(
      new Option(
        '--init-from <run>',
        "start from a recorded run's weights, layer by layer where names and shapes match",
      ).argParser(runIdArg('init-from')),
    )
    .addOption(
      new Option(
        '--memory-budget <size>',
        'refuse a run whose estimated peak memory is larger (8G, 512M; default: half of this machine’s memory)',
      ).argParser(memorySize),
    )
    .option('--out <dir>', 'write graph.json, metrics.jsonl, previews/ and models/<role>/ here')
    .action(async (file: string | undefined, flags: TrainFlags) => {
      const json = flags.json === true
      if (flags.resume !== undefined) {
        const misplaced = NEW_RUN_ONLY.filter(([k]) => flags[k] !== undefined).map(([, f]) => f)
        if (file !== undefined || misplaced.length) {
          io.err(
            `✗ --resume continues run ${flags.resume} as it was recorded: ${file !== undefined ? `drop the graph "${file}"` : `${misplaced.join(', ')} do not apply`}`,
          )
          done(EXIT.unreadable)
          return
        }
      } else if (file === undefined) {
        io.err('✗ give a graph document or template id to train, or --resume <run>')
        done(EXIT.unreadable)
        return
      }
      if (flags.out !== undefined) {
        const out = await checkOutDir(flags.out)
        if (!out.ok) {
          io.err(`✗ ${out.error}`)
          done(EXIT.unreadable)
          return
        }
      }
      // A continued run's document is the run's own.
      const loaded =
        flags.resume !== undefined ? await runGraph(flags.resume) : await loadGraphArg(file ?? '')
      const preset = loaded.ok && flags.quick ? applyQuickPreset(loaded.value) : loaded
      const started =
        preset.ok && flags.fromScratch ? ok(withoutInitialWeights(preset.value)) : preset
      const doc =
        started.ok && flags.seed !== undefined
          ? ok({ ...started.value, training: { ...started.value.training, seed: flags.seed } })
          : started
      if (!doc.ok) {
        io.err(
          `✗ ${file ?? flags.resume ?? ''} cannot be read:\n${doc.error.map((e) => `  ${fmtDocError(e)}`).join('\n')}`,
        )
        done(EXIT.unreadable)
        return
      }
      if (flags.out) {
        await mkdir(join(flags.out, 'previews'), { recursive: true })
        await writeFile(join(flags.out, 'graph.json'), JSON.stringify(doc.value, null, 2))
        await writeFile(join(flags.out, 'metrics.jsonl'), '')
      }
      const writer = outputWriter(flags.out)
      const bar = json
        ? null
        : new SingleBar({
            format:
              'epoch {epoch}/{epochs} [{bar}] {percentage}% | {rate} samples/s | ETA {eta_formatted} | {metrics}',
            hideCursor: true,
            stream: process.stderr,
          })
      let epochs = 0
      let warnedAt = 0
      const limit = flags.limit ?? (flags.quick ? doc.value.meta.quick?.limit : undefined)
      const onEvent = (e: TrainEvent) => {
        writer.event(e)
        if (json) {
          if (e.type === 'start')
            io.out(
              JSON.stringify({
                type: 'start',
                phase: e.phase,
                epochs: e.epochs,
                ...(e.firstEpoch !== undefined ? { firstEpoch: e.firstEpoch } : {}),
                epochsSetBy: e.epochsSetBy,
                trainExamples: e.trainExamples,
              }),
            )
          if (e.type === 'epoch')
            io.out(
              JSON.stringify({
                type: 'epoch',
                phase: e.phase,
                epoch: e.epoch,
                metrics: e.metrics,
                samplesPerSec: e.samplesPerSec,
                seconds: e.seconds,
                threads: e.threads,
              }),
            )
          if (e.type === 'stopped')
            io.out(JSON.stringify({ type: 'stopped', reason: e.reason, message: e.message }))
          if (e.type === 'notice') io.out(JSON.stringify({ type: 'notice', message: e.message }))
          return
        }
        if (e.type === 'start') {
          epochs = e.epochs
          io.out(
            `Training ${e.recipe}${e.phase === 'train' ? '' : ` (${e.phase})`} on ${e.trainExamples} examples, ${e.epochs} epoch(s) (set by ${e.epochsSetBy ?? 'epochs'}) × ${e.stepsPerEpoch} batches, ${e.backend} backend`,
          )
          bar?.start(e.epochs * e.stepsPerEpoch, 0, { epoch: 1, epochs, rate: '-', metrics: '' })
        } else if (e.type === 'batch') {
          bar?.update((e.epoch - 1) * e.stepsPerEpoch + e.step, {
            epoch: e.epoch,
            epochs,
            rate: Math.round(e.samplesPerSec),
            metrics: fmt(e.metrics),
          })
        } else if (e.type === 'epoch') {
          bar?.stop()
          io.out(
            `epoch ${e.epoch}/${epochs}: ${fmt(e.metrics)} (${Math.round(e.samplesPerSec)} samples/s${e.threads > 1 ? ` in ${e.threads} threads` : ''}, ${e.seconds.toFixed(1)} s)`,
          )
          if (e.epoch < epochs)
            bar?.start(bar.getTotal(), bar.getProgress() * bar.getTotal(), {
              epoch: e.epoch + 1,
              epochs,
              rate: '-',
              metrics: '',
            })
        } else if (e.type === 'preview' && e.stats?.['modeCollapse'] === 1 && e.epoch > warnedAt) {
          warnedAt = e.epoch
          io.err(
            `warning: the generator's samples are ${Math.round((e.stats['diversity'] ?? 0) * 100)}% as diverse as real images (epoch ${e.epoch}): possible mode collapse`,
          )
        } else if (e.type === 'stopped') {
          bar?.stop()
          io.err(e.message)
        } else if (e.type === 'notice') {
          bar?.stop()
          io.err(e.message)
        }
      }
      // Training threads boot beside the leader's own start (they join at the first step).
      if (flags.threads !== 1) {
        const b = await initBackend(flags.backend)
        if (b.ok) warmReplicasFor(b.value.name)
      }
      const settings = {
        backend: flags.backend,
        ...(flags.epochs ? { epochs: flags.epochs } : {}),
        ...(limit ? { limit } : {}),
        ...(flags.batchSize ? { batchSize: flags.batchSize } : {}),
        ...(flags.data ? { dataDir: flags.data } : {}),
        ...(flags.threads ? { threads: flags.threads } : {}),
        ...(flags.memoryBudget ? { memoryBudget: flags.memoryBudget } : {}),
        ...(flags.fid ? {} : { fid: false }),
      }
      // How long it will take, first: a few steps timed on a throwaway copy. A graph that cannot
      // train says why when the run starts.
      const estimated =
        flags.estimate && flags.resume === undefined
          ? await estimateAndChoose(doc.value, settings)
          : null
      const estimate = estimated?.estimate
      if (estimate?.ok) {
        const e = estimate.value
        if (json) io.out(JSON.stringify({ type: 'estimate', ...e }))
        else io.out(`Estimated time: ${describeEstimate(e)}`)
      }
      // Every run also goes to the run history, where the app lists it and `export` finds it.
      const emit = (e: EngineEvent) => {
        if (e.type === 'train:event' && e.event.type !== 'failed') onEvent(e.event)
      }
      const launched =
        flags.resume !== undefined
          ? await continueRun(
              {
                runId: flags.resume,
                ...(flags.epochs ? { epochs: flags.epochs } : {}),
                ...(flags.fid ? {} : { fid: false }),
                backend: flags.backend,
                ...(flags.threads ? { threads: flags.threads } : {}),
              },
              runsDir(),
              emit,
            )
          : ok(
              await startRun(
                {
                  doc: doc.value,
                  ...settings,
                  // Where the estimate made auto's choice, the run takes it (not timing it again).
                  ...(estimated?.choice ? { autoChoice: estimated.choice } : {}),
                  // --out promises preview PNGs for every epoch: no preview budget there.
                  ...(flags.out ? { previewBudget: 1 } : {}),
                  ...(flags.initFrom !== undefined ? { initFrom: flags.initFrom } : {}),
                },
                runsDir(),
                emit,
              ),
            )
      if (!launched.ok) {
        if (json) io.out(JSON.stringify({ type: 'error', message: launched.error }))
        else io.err(`✗ ${launched.error}`)
        done(EXIT.invalid)
        return
      }
      const run = launched.value
      const { runId } = run
      const { outcome } = await run.ended
      await writer.flush()
      if (!outcome.ok) {
        bar?.stop()
        if (json) io.out(JSON.stringify({ type: 'error', message: outcome.error }))
        else io.err(`✗ ${outcome.error}`)
        done(EXIT.invalid)
        return
      }
      const { result, compiled } = outcome.value
      if (flags.out) {
        for (const m of compiled.models)
          await saveModel(
            m.model,
            join(flags.out, 'models', m.plan.role === 'model' ? m.plan.id : m.plan.role),
          )
      }
      // A NaN stop's own line is the last JSON object; the run did not finish.
      if (json && (result.stopped === undefined || result.stopped === 'user'))
        io.out(
          JSON.stringify({
            type: 'done',
            epochs: result.epochsCompleted,
            metrics: result.metrics,
            out: flags.out ?? null,
            runId,
            // The peak memory estimated before the run, and what the process took at its peak.
            memoryBytes: outcome.value.memoryBytes,
            peakRssBytes: process.resourceUsage().maxRSS * 1024,
          }),
        )
      if (!json)
        io.out(
          `${result.stopped ? 'Stopped' : 'Done'} after ${result.epochsCompleted} epoch(s)${flags.out ? `; wrote ${flags.out}` : ''}\nRecorded as ${runId} in ${runsDir()} (\`latent-studio export ${runId}\` exports it)`,
        )
      done(result.stopped === 'nan' || result.stopped === 'error' ? EXIT.invalid : EXIT.ok)
    })
}
