import { resolve } from 'node:path'
import { isDocumentName } from '../common/documentFiles'

/**
 * The documents a command line asks to open: arguments after the executable (and, unpackaged, the
 * app's folder) that name a graph document, resolved against `cwd`. Chromium's and Electron's own
 * switches (`--…`) are skipped. Used for the first instance's argv and a second instance's.
 */
export function documentsInArgv(argv: readonly string[], cwd: string): string[] {
  return argv
    .slice(1)
    .filter((a) => !a.startsWith('-') && isDocumentName(a))
    .map((a) => resolve(cwd, a))
}

/**
 * Documents waiting for the window to take them (opened from the file manager, a second
 * instance, macOS's open-file, before or after the window loaded). The renderer takes them one by
 * one (`documents:pending`) when it starts and whenever it is told more are waiting.
 */
export class PendingDocuments {
  private readonly paths: string[] = []
  private notify: (() => void) | null = null

  /** Queues a path; tells the window when one is listening. */
  add(path: string): void {
    this.paths.push(path)
    this.notify?.()
  }

  /** The next waiting path, if any. */
  take(): string | undefined {
    return this.paths.shift()
  }

  /** What tells the window more documents wait (replaced when the window is recreated). */
  onWaiting(notify: (() => void) | null): void {
    this.notify = notify
    if (notify && this.paths.length > 0) notify()
  }
}
