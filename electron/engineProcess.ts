import { join } from 'node:path'
import { utilityProcess, type ForkOptions } from 'electron'
import type { ServerMessage } from '../common/api'
import { DATASET_ROOTS_FILE_ENV } from '../main/data/roots'
import type { SpawnEngine } from '../main/host/supervisor'
import { datasetFoldersFile } from './datasetFolders'

/** The engine bundle that `npm run build:electron` writes next to the shell's own. */
export const ENGINE_BUNDLE = join(import.meta.dirname, 'engine.mjs')

/**
 * Starts the engine in an Electron utilityProcess: a Node process of its own, so training never
 * stalls the window and a crash cannot take the app down. Messages are structured clones, so
 * preview PNGs cross as bytes.
 */
/** The part of Electron's UtilityProcess the spawner uses (a fake one in tests). */
export interface UtilityChild {
  readonly pid: number | undefined
  on(event: 'message', listener: (m: ServerMessage) => void): unknown
  on(event: 'exit', listener: (code: number) => void): unknown
  on(event: 'error', listener: (type: string, location: string, report: string) => void): unknown
  postMessage(message: unknown): void
  kill(): boolean
}

export type ForkUtility = (entry: string, args: string[], options: ForkOptions) => UtilityChild

export function utilitySpawner(
  entry = ENGINE_BUNDLE,
  fork: ForkUtility = (e, args, options) => utilityProcess.fork(e, args, options),
): SpawnEngine {
  return (on) => {
    const child = fork(entry, ['--electron'], {
      serviceName: 'Latent Studio engine',
      stdio: 'inherit',
      // Only the folders the user picked may be read as datasets.
      env: { ...process.env, [DATASET_ROOTS_FILE_ENV]: datasetFoldersFile() },
    })
    let running = true
    child.on('message', (m: ServerMessage) => {
      on.message(m)
    })
    child.on('exit', (code) => {
      running = false
      on.exit(`exit code ${String(code)}`)
    })
    // A V8 fatal error in the engine: without a listener it would throw in the main process. The
    // 'exit' that follows restarts the engine; the error says why in the log.
    child.on('error', (type, location) => {
      console.error(`the engine process failed: ${type} at ${location}`)
    })
    return {
      get pid() {
        return child.pid
      },
      send: (m) => {
        if (!running) return false
        child.postMessage(m)
        return true
      },
      kill: () => {
        if (!running || !child.kill()) on.exit('already ended')
      },
    }
  }
}
