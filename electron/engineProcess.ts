import { join } from 'node:path'
import { utilityProcess } from 'electron'
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
export function utilitySpawner(entry = ENGINE_BUNDLE): SpawnEngine {
  return (on) => {
    const child = utilityProcess.fork(entry, ['--electron'], {
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
      on.exit(`exit code ${code}`)
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
