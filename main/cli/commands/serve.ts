import { existsSync } from 'node:fs'
import { delimiter, join, resolve } from 'node:path'
import type { Command } from 'commander'
import { DATASET_ROOTS_ENV } from '../../data/roots'
import { forkEngine } from '../../host/engineLink'
import { openInBrowser } from '../../host/openBrowser'
import { RENDERER_DIR, startBrowserServer } from '../../server/serve'
import { emit, EXIT, type ExitCode, type Output } from '../output'

/** Resolves on Ctrl+C or a termination signal. */
const untilSignal = () =>
  new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })

/** `latent-studio serve`: browser mode, the app in a local browser tab with the engine behind it. */
export function serveCommand(program: Command, io: Output, done: (code: ExitCode) => void): void {
  program
    .command('serve')
    .description('serve the app on 127.0.0.1 for a browser, with the engine behind a WebSocket')
    .option('--port <port>', 'port to listen on (default: a free one)')
    .option(
      '--data <folders...>',
      'folders a document may name as its dataset (nothing else on this machine can be read through one)',
    )
    .option('--json', 'machine-readable output')
    .option('--open', "open the app in the system's browser where there is a display")
    .action(async (opts: { port?: string; json?: boolean; data?: string[]; open?: boolean }) => {
      const port = opts.port === undefined ? 0 : Number(opts.port)
      if (!Number.isInteger(port) || port < 0 || port > 65_535) {
        io.err(`--port: expected a port number, got "${opts.port ?? ''}"`)
        done(EXIT.unreadable)
        return
      }
      if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
        io.err('The app is not built yet: run `npm run build:renderer` (or `npm run web`).')
        done(EXIT.unreadable)
        return
      }
      const roots = (opts.data ?? []).map((d) => resolve(d))
      const missing = roots.find((d) => !existsSync(d))
      if (missing !== undefined) {
        io.err(`--data: ${missing} does not exist`)
        done(EXIT.unreadable)
        return
      }
      // The engine process inherits this; it confines every document's dataset path to them.
      process.env[DATASET_ROOTS_ENV] = roots.join(delimiter)
      // Events reach the server once it is up; no run can start before then.
      // The engine runs in its own process: a crash in training cannot take the server down.
      const engine = forkEngine({
        log: (line) => {
          io.err(line)
        },
      })
      let server
      try {
        server = await startBrowserServer({
          root: RENDERER_DIR,
          engine,
          port,
          log: (line) => {
            io.err(line)
          },
        })
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code
        if (code !== 'EADDRINUSE' && code !== 'EACCES') throw e
        io.err(
          `cannot listen on 127.0.0.1:${port}: ${code === 'EADDRINUSE' ? 'the port is in use' : 'permission denied'}; try another --port`,
        )
        await engine.close()
        done(EXIT.unreadable)
        return
      }
      emit(io, opts.json === true, { url: server.url, port: server.port }, () =>
        [
          `Latent Studio is running at ${server.url}`,
          'Only this machine can connect; the token in the address is required. Ctrl+C stops it.',
          roots.length
            ? `Image-folder datasets may be read from: ${roots.join(', ')}`
            : 'Image-folder datasets: none allowed (start with --data <folder> to allow one)',
        ].join('\n'),
      )
      if (opts.open) io.err(await openInBrowser(server.url))
      await untilSignal()
      await server.close()
      await engine.close()
      done(EXIT.ok)
    })
}
