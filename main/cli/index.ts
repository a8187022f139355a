import { Command, CommanderError } from 'commander'
import { backendsCommand } from './commands/backends'
import { runsCommands } from './commands/runs'
import { serveCommand } from './commands/serve'
import { summaryCommand } from './commands/summary'
import { templatesCommand } from './commands/templates'
import { downloadCommand } from './commands/download'
import { trainCommand } from './commands/train'
import { validateCommand } from './commands/validate'
import { EXIT, processOutput, type ExitCode, type Output } from './output'

/** Runs the CLI on `argv` (without node and script) and resolves to the exit code. */
export async function runCli(argv: readonly string[], io: Output = processOutput): Promise<number> {
  let code: ExitCode = EXIT.ok
  const done = (c: ExitCode) => {
    code = c
  }
  const program = new Command('latent-studio')
    .description(
      'Latent Studio: build, train and export the generative models of Hands-On ML as graphs',
    )
    .exitOverride()
    .configureOutput({
      writeOut: (s) => {
        io.out(s)
      },
      writeErr: (s) => {
        io.err(s)
      },
    })
  templatesCommand(program, io, done)
  validateCommand(program, io, done)
  summaryCommand(program, io, done)
  backendsCommand(program, io, done)
  trainCommand(program, io, done)
  runsCommands(program, io, done)
  downloadCommand(program, io, done)
  serveCommand(program, io, done)
  try {
    await program.parseAsync([...argv], { from: 'user' })
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.unreadable
    throw e
  }
  return code
}
