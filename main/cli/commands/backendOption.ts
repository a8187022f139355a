import { Option } from 'commander'
import { BACKENDS, type BackendAttempt } from '../../tfjs/backend'

/** The `--backend` option shared by commands that run tfjs. */
export const backendOption = () =>
  new Option('--backend <name>', 'engine backend').choices(['auto', ...BACKENDS]).default('auto')

/** One line per backend tried, with why it was not used. */
export const describeAttempts = (attempts: readonly BackendAttempt[]): string =>
  attempts
    .map(
      (a) =>
        `  ${a.ok ? '✓' : '✗'} ${a.name}${a.reason ? `: ${a.reason}` : ''}${a.note ? ` (${a.note})` : ''}`,
    )
    .join('\n')
