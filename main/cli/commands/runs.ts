import { join } from 'node:path'
import Table from 'cli-table3'
import { InvalidArgumentError, Option, type Command } from 'commander'
import { exportRun } from '../../export/exportRun'
import { EXPORT_FORMATS, type ExportFormat } from '../../../common/exportFormats'
import { listRuns, readRecord, runsDir } from '../../runs/records'
import { emit, EXIT, type ExitCode, type Output } from '../output'

const lastLoss = (m: Readonly<Record<string, number>>) => {
  const v = m['val_loss'] ?? m['loss'] ?? m['dLoss']
  return v === undefined ? '' : v.toPrecision(4)
}

const formatList = (v: string): ExportFormat[] => {
  const parts = v.split(',').map((s) => s.trim())
  const bad = parts.filter((p) => !(EXPORT_FORMATS as readonly string[]).includes(p))
  if (bad.length || !parts.length)
    throw new InvalidArgumentError(`expected some of ${EXPORT_FORMATS.join(',')}, got "${v}"`)
  return parts as ExportFormat[]
}

/** `latent-studio runs` and `latent-studio export RUN`: the run history, as the app shows it. */
export function runsCommands(program: Command, io: Output, done: (code: ExitCode) => void): void {
  program
    .command('runs')
    .description(`list recorded training runs, newest first (in ${runsDir()})`)
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const runs = await listRuns()
      emit(io, opts.json === true, runs, () => {
        if (!runs.length) return 'No runs yet: `latent-studio train vae` records one.'
        const table = new Table({
          style: { head: [], border: [] },
          head: ['id', 'started', 'document', 'recipe', 'epochs', 'last loss', 'status'],
        })
        for (const r of runs)
          table.push([
            r.id,
            r.startedAt.replace('T', ' ').slice(0, 19),
            r.title,
            r.recipe,
            `${r.epochsCompleted}/${r.config.epochs}`,
            lastLoss(r.metrics),
            r.status,
          ])
        return table.toString()
      })
      done(EXIT.ok)
    })

  program
    .command('export')
    .argument('<run>', 'a run id (see `latent-studio runs`)')
    .description('export a run: TensorFlow.js models, ONNX inference models, a Keras script, PNGs')
    .addOption(
      new Option('--formats <list>', `comma-separated: ${EXPORT_FORMATS.join(',')}`)
        .argParser(formatList)
        .default([...EXPORT_FORMATS]),
    )
    .option('--json', 'machine-readable output')
    .action(async (runId: string, opts: { formats: ExportFormat[]; json?: boolean }) => {
      const record = /^run-[0-9a-z-]{1,40}$/.test(runId) ? await readRecord(runId) : null
      if (!record) {
        io.err(`✗ no run "${runId}" in ${runsDir()} (\`latent-studio runs\` lists them)`)
        done(EXIT.unreadable)
        return
      }
      if (!record.checkpoint) {
        io.err(
          `✗ run ${runId} saved no weights (${record.status}${record.message ? `: ${record.message}` : ''})`,
        )
        done(EXIT.invalid)
        return
      }
      const r = await exportRun(join(runsDir(), runId), opts.formats)
      if (!r.ok) {
        io.err(`✗ ${r.error}`)
        done(EXIT.invalid)
        return
      }
      emit(io, opts.json === true, r.value, () =>
        [
          `Exported ${runId} to ${r.value.dir}:`,
          ...r.value.files.map((f) => `  ${f}`),
          ...r.value.skipped.map((s) => `  not exported: ${s}`),
        ].join('\n'),
      )
      done(EXIT.ok)
    })
}
