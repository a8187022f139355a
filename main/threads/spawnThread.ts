import { join } from 'node:path'
import { Worker } from 'node:worker_threads'

/** Modules run as threads are TypeScript in a checkout and .mjs in the Electron bundle. */
const EXT = import.meta.filename.endsWith('.ts') ? '.ts' : '.mjs'
/** The boot module beside this one (in the bundle, beside engine.mjs). */
export const THREAD_BOOT = join(import.meta.dirname, 'threadBoot.mjs')

/** A thread module's file: `name` in `dir` (the caller's own folder; all one folder in the bundle). */
export function threadEntry(dir: string, name: string): string {
  return join(dir, `${name}${EXT}`)
}

/** What every engine thread is started with: its module, and what that module reads. */
export interface ThreadData {
  readonly entry: string
}

/** Starts a thread running `data.entry` (see `threadBoot.mjs`), `data` as its workerData. */
export function spawnThread(data: ThreadData): Worker {
  return new Worker(THREAD_BOOT, { workerData: data })
}
