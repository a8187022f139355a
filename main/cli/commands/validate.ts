import type { Command } from 'commander'
import { fmtDocError } from '../../../common/graph/docError'
import { fmtShape } from '../../../common/graph/shape'
import { validateGraph } from '../../../common/graph/validate'
import { loadGraphArg } from '../loadGraph'
import { emit, EXIT, type ExitCode, type Output } from '../output'

/** `latent-studio validate FILE`: shapes and errors; exit 0 valid, 1 invalid, 2 unreadable. */
export function validateCommand(
  program: Command,
  io: Output,
  done: (code: ExitCode) => void,
): void {
  program
    .command('validate')
    .argument('<file>', 'graph document (.json) or template id')
    .description('check a graph: shapes, connections and the roles its recipe needs')
    .option('--json', 'machine-readable output: {ok, errors:[{nodeId, message}], shapes}')
    .action(async (file: string, opts: { json?: boolean }) => {
      const json = opts.json === true
      const doc = await loadGraphArg(file)
      if (!doc.ok) {
        const errors = doc.error.map((e) => ({ nodeId: null, path: e.path, message: e.message }))
        emit(io, json, { ok: false, errors, shapes: {} }, () =>
          [`✗ ${file} cannot be read:`, ...doc.error.map((e) => `  ${fmtDocError(e)}`)].join('\n'),
        )
        done(EXIT.unreadable)
        return
      }
      const report = validateGraph(doc.value)
      const errors = report.errors.map((e) => ({ nodeId: e.nodeId, message: e.message }))
      emit(io, json, { ok: report.ok, errors, shapes: report.shapes }, () => {
        if (report.ok) {
          const models = report.models.map((m) => `${m.name} (${m.role})`).join(', ')
          return `✓ ${file} is valid: ${doc.value.nodes.length} blocks, models: ${models}`
        }
        const lines = report.errors.map((e) => `  ${e.nodeId ? `${e.nodeId}: ` : ''}${e.message}`)
        return [`✗ ${file} has ${report.errors.length} problem(s):`, ...lines].join('\n')
      })
      if (!json && report.ok) {
        for (const [id, shape] of Object.entries(report.shapes))
          io.out(`  ${id.padEnd(24)} ${fmtShape(shape)}`)
      }
      done(report.ok ? EXIT.ok : EXIT.invalid)
    })
}
