import type { Command } from 'commander'
import Table from 'cli-table3'
import { fmtDocError } from '../../../common/graph/docError'
import { inferShapes } from '../../../common/graph/inferShapes'
import { fmtShape } from '../../../common/graph/shape'
import { initBackend, type BackendName } from '../../tfjs/backend'
import { compileGraph } from '../../tfjs/compile'
import { summarizeModel, type ModelSummary } from '../../tfjs/summary'
import { loadGraphArg } from '../loadGraph'
import { emit, EXIT, num, type ExitCode, type Output } from '../output'
import { backendOption, describeAttempts } from './backendOption'

const human = (s: ModelSummary): string => {
  const table = new Table({
    style: { head: [], border: [] },
    head: ['Layer', 'Kind', 'Output shape', 'Params'],
    colAligns: ['left', 'left', 'left', 'right'],
  })
  for (const l of s.layers)
    table.push([
      l.name,
      l.kind,
      fmtShape(l.outputShape),
      l.sharedWith ? `shared with ${l.sharedWith}` : num(l.params),
    ])
  return [
    `Model "${s.name}" (${s.role})`,
    table.toString(),
    `Total params: ${num(s.totalParams)}  Trainable: ${num(s.trainableParams)}  Non-trainable: ${num(s.nonTrainableParams)}`,
    '',
  ].join('\n')
}

/** `latent-studio summary FILE|TEMPLATE_ID`: per model, layers, shapes and parameter counts, like Keras. */
export function summaryCommand(program: Command, io: Output, done: (code: ExitCode) => void): void {
  program
    .command('summary')
    .argument('<graph>', 'graph document (.json) or template id')
    .description("compile a graph and print each model's layers and parameter counts")
    .option('--json', 'machine-readable output')
    .addOption(backendOption())
    .action(async (file: string, opts: { json?: boolean; backend: BackendName | 'auto' }) => {
      const json = opts.json === true
      const doc = await loadGraphArg(file)
      if (!doc.ok) {
        emit(io, json, { ok: false, errors: doc.error }, () =>
          [`✗ ${file} cannot be read:`, ...doc.error.map((e) => `  ${fmtDocError(e)}`)].join('\n'),
        )
        done(EXIT.unreadable)
        return
      }
      const backend = await initBackend(opts.backend)
      if (!backend.ok) {
        io.err(`No engine backend could start:\n${describeAttempts(backend.error)}`)
        done(EXIT.unreadable)
        return
      }
      const compiled = compileGraph(doc.value)
      if (!compiled.ok) {
        emit(io, json, { ok: false, errors: compiled.error }, () =>
          [
            `✗ ${file} does not compile:`,
            ...compiled.error.map((e) => `  ${e.nodeId ? `${e.nodeId}: ` : ''}${e.message}`),
          ].join('\n'),
        )
        done(EXIT.invalid)
        return
      }
      const report = inferShapes(doc.value)
      const models = compiled.value.models.map((m) => summarizeModel(m, compiled.value, report))
      emit(io, json, { ok: true, backend: backend.value.name, models }, () =>
        models.map(human).join('\n'),
      )
      done(EXIT.ok)
    })
}
