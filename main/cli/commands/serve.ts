import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Command } from 'commander'
import { forkEngine } from '../../host/engineLink'
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
    .option('--json', 'machine-readable output')
    .action(async (opts: { port?: string; json?: boolean }) => {
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
        ].join('\n'),
      )
      await untilSignal()
      await server.close()
      await engine.close()
      done(EXIT.ok)
    })
}
