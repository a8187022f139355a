import { runCli } from './index'

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
