import type { Command } from 'commander'
import { initBackend, listBackends, type BackendName } from '../../tfjs/backend'
import { emit, EXIT, type ExitCode, type Output } from '../output'
import { backendOption, describeAttempts } from './backendOption'

/** `latent-studio backends`: which engine backend this machine uses, and why not the faster ones. */
export function backendsCommand(
  program: Command,
  io: Output,
  done: (code: ExitCode) => void,
): void {
  program
    .command('backends')
    .description('show the engine backend this machine uses and why faster ones are unavailable')
    .option('--json', 'machine-readable output')
    .addOption(backendOption())
    .action(async (opts: { json?: boolean; backend: BackendName | 'auto' }) => {
      const choice = await initBackend(opts.backend)
      // With `auto`, every backend is listed (the GPU adapter probed); a named one is tried alone.
      const attempts =
        opts.backend === 'auto'
          ? await listBackends()
          : choice.ok
            ? choice.value.attempts
            : choice.error
      emit(
        io,
        opts.json === true,
        { ok: choice.ok, backend: choice.ok ? choice.value.name : null, attempts },
        () =>
          [
            choice.ok
              ? `Using the ${choice.value.name} backend.`
              : 'No engine backend could start.',
            describeAttempts(attempts),
          ].join('\n'),
      )
      done(choice.ok ? EXIT.ok : EXIT.unreadable)
    })
}
