/**
 * `npm start`: builds the app and runs it as a desktop app where Electron can run, otherwise in
 * browser mode (the same app and engine, served on 127.0.0.1), saying why, and opening it in the
 * system's browser where there is a display (headless, it prints the address).
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { build } from 'vite'
import { buildElectron } from './buildElectron'
import { chooseLaunch, probeElectron } from './launcher'

const ROOT = join(import.meta.dirname, '..')

const launch = chooseLaunch({
  electron: probeElectron(),
  platform: process.platform,
  display: Boolean(process.env['DISPLAY'] ?? process.env['WAYLAND_DISPLAY']),
  forceBrowser: process.argv.includes('--browser'),
})
await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' })
const run = (command: string, args: string[]) => {
  const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit' })
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => {
      child.kill(signal)
    })
  child.on('exit', (code) => process.exit(code ?? 0))
}
if (launch.kind === 'electron') {
  await buildElectron()
  console.log('Starting the desktop app (Electron).')
  run(launch.binary, [ROOT])
} else {
  console.log(`Starting browser mode: ${launch.reason}.`)
  run(process.execPath, [join(ROOT, 'bin', 'latent-studio.js'), 'serve', '--open'])
}
