import { readFileSync, realpathSync } from 'node:fs'
import { delimiter, isAbsolute, sep } from 'node:path'
import { err, ok, type Result } from '../../common/graph/result'

/** Folders the engine may read datasets from, set by whoever starts it (`serve --data DIR`). */
export const DATASET_ROOTS_ENV = 'LATENT_STUDIO_DATASET_ROOTS'
/** A JSON list of folders the user chose in the desktop app's folder dialog, re-read per run. */
export const DATASET_ROOTS_FILE_ENV = 'LATENT_STUDIO_DATASET_ROOTS_FILE'

/**
 * The folders an engine serving a renderer may read datasets from: the ones named in its
 * environment and the ones the user chose in the desktop app. A document (from anyone) names
 * a path; only these folders' contents can be read through it.
 */
export function datasetRoots(env: NodeJS.ProcessEnv = process.env): string[] {
  const fromEnv = (env[DATASET_ROOTS_ENV] ?? '').split(delimiter).filter((p) => p !== '')
  const file = env[DATASET_ROOTS_FILE_ENV]
  let chosen: string[] = []
  if (file) {
    try {
      const list: unknown = JSON.parse(readFileSync(file, 'utf8'))
      if (Array.isArray(list)) chosen = list.filter((p): p is string => typeof p === 'string')
    } catch {
      chosen = []
    }
  }
  return [...fromEnv, ...chosen].filter((p) => isAbsolute(p))
}

/**
 * The real path of `path` (links followed) when it lies inside one of `roots`, or why not. With
 * no roots at all, the message says how to allow a folder.
 */
export function confineToRoots(path: string, roots: readonly string[]): Result<string> {
  let real: string
  try {
    real = realpathSync(path)
  } catch {
    return err(`the dataset folder ${path} does not exist`)
  }
  for (const root of roots) {
    let r: string
    try {
      r = realpathSync(root)
    } catch {
      continue
    }
    if (real === r || real.startsWith(r.endsWith(sep) ? r : r + sep)) return ok(real)
  }
  return err(
    roots.length
      ? `the dataset folder ${path} is outside the folders this engine may read (${roots.join(', ')})`
      : `the dataset folder ${path} has not been allowed: choose it with "Choose folder…" in the desktop app, or start browser mode with \`latent-studio serve --data <folder>\``,
  )
}
