/**
 * `npm start`: builds the app and runs it as a desktop app where Electron can run, otherwise in
 * browser mode (the same app and engine, served on 127.0.0.1), saying why, and opening it in the
 * system's browser where there is a display (headless, it prints the address).
 */
import { spawn } from 'node:child_process'
import { join, resolve } from 'node:path'
import { isDocumentName } from '../common/documentFiles'
import { build } from 'vite'
import { buildElectron } from './buildElectron'
import { chooseLaunch, earlyExitReason, probeElectron } from './launcher'

const ROOT = join(import.meta.dirname, '..')
/** Documents named on the command line (the desktop entry's %F): the desktop app opens them. */
const documents = process.argv
  .slice(2)
  .filter((a) => !a.startsWith('-') && isDocumentName(a))
  .map((a) => resolve(a))

const launch = chooseLaunch({
  electron: probeElectron(ROOT),
  platform: process.platform,
  display: Boolean(process.env['DISPLAY'] ?? process.env['WAYLAND_DISPLAY']),
  forceBrowser: process.argv.includes('--browser'),
})
await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' })
/** Electron ending this soon after its start failed to start (it did not run and quit). */
const EARLY_EXIT_MS = 15_000

/** Runs a child with our terminal; `onExit` decides what its end means (by default: ours). */
const run = (
  command: string,
  args: string[],
  onExit: (code: number | null, stderr: string) => void = (code) => process.exit(code ?? 0),
) => {
  const child = spawn(command, args, { cwd: ROOT, stdio: ['inherit', 'inherit', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk)
    if (stderr.length < 64_000) stderr += chunk.toString()
  })
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal)
  process.on('SIGINT', forward('SIGINT'))
  process.on('SIGTERM', forward('SIGTERM'))
  child.on('exit', (code) => {
    process.removeAllListeners('SIGINT')
    process.removeAllListeners('SIGTERM')
    onExit(code, stderr)
  })
}
const browserMode = (reason: string) => {
  console.log(`Starting browser mode: ${reason}.`)
  run(process.execPath, [join(ROOT, 'bin', 'latent-studio.js'), 'serve', '--open'])
}
if (launch.kind === 'electron') {
  await buildElectron()
  console.log('Starting the desktop app (Electron).')
  const started = Date.now()
  run(launch.binary, [ROOT, ...documents], (code, stderr) => {
    // Electron that dies at start (a sandbox this Linux refuses, no usable display): the same app
    // in browser mode, saying why.
    const why = Date.now() - started < EARLY_EXIT_MS ? earlyExitReason(code, stderr) : null
    if (why) browserMode(why)
    else process.exit(code ?? 0)
  })
} else browserMode(launch.reason)
