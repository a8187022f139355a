import type { Command } from 'commander'
import Table from 'cli-table3'
import { listTemplates } from '../../documents/templates'
import { emit, EXIT, type ExitCode, type Output } from '../output'

/** `latent-studio templates`: the chapter's model templates. */
export function templatesCommand(
  program: Command,
  io: Output,
  done: (code: ExitCode) => void,
): void {
  program
    .command('templates')
    .description('list the model templates (id, title, recipe)')
    .option('--json', 'machine-readable output')
    .action((opts: { json?: boolean }) => {
      const templates = listTemplates()
      emit(io, opts.json === true, templates, () => {
        if (!templates.length) return 'No templates yet.'
        const table = new Table({
          style: { head: [], border: [] },
          head: ['id', 'title', 'recipe'],
        })
        for (const t of templates) table.push([t.id, t.title, t.recipe])
        return table.toString()
      })
      done(EXIT.ok)
    })
}
