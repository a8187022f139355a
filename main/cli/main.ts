import { runCli } from './index'

// A reader that stops early (`latent-studio validate … | head`) closes the pipe: the command ends
// quietly, as Unix tools do, instead of dying on an unhandled EPIPE.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw e
  })

// Bugs end with one readable line and exit 70 (EX_SOFTWARE); LATENT_STUDIO_DEBUG=1 adds the stack.
// Catching here also keeps the wasm backend's process-wide exception hook from dumping its source.
try {
  process.exitCode = await runCli(process.argv.slice(2))
} catch (e) {
  const detail =
    process.env['LATENT_STUDIO_DEBUG'] && e instanceof Error ? `\n${e.stack ?? ''}` : ''
  process.stderr.write(
    `latent-studio: internal error: ${e instanceof Error ? e.message : String(e)}${detail}\n(this is a bug; please report it with the command you ran)\n`,
  )
  process.exitCode = 70
}
