import { constants } from 'node:fs'
import { access, realpath, stat } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { err, ok, type Result } from '../../common/graph/result'

/** Kernel file systems: files there are not files (and Node's mkdir under /proc never returns). */
const SYSTEM = /^\/(proc|sys|dev)(\/|$)/

/**
 * Checks a folder a command will write into, before anything is created there: the nearest part
 * of the path that exists must be a folder that can be written to, and not a system one. Answers
 * the absolute path, or one line saying what is wrong.
 */
export async function checkOutDir(path: string): Promise<Result<string>> {
  const wanted = resolve(path)
  let existing = wanted
  for (;;) {
    const found = await stat(existing).catch(() => null)
    if (found) {
      if (!found.isDirectory())
        return err(
          existing === wanted
            ? `--out ${path} is a file, not a folder`
            : `--out ${path} cannot be made: ${existing} is a file, not a folder`,
        )
      break
    }
    const up = dirname(existing)
    if (up === existing) return err(`--out ${path}: no part of the path exists`)
    existing = up
  }
  const real = await realpath(existing)
  if (SYSTEM.test(real)) return err(`--out ${path} is in ${real}, a system folder: choose another`)
  try {
    await access(real, constants.W_OK)
  } catch {
    return err(`--out ${path} cannot be written: ${real} is not writable`)
  }
  return ok(wanted)
}
