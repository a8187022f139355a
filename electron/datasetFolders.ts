import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { app } from 'electron'
import { writeAtomic } from '../main/documents/documents'

/**
 * The folders the user picked as datasets, kept across launches. The engine process reads this
 * list (DATASET_ROOTS_FILE_ENV) before every run and reads datasets from nowhere else.
 */
export const datasetFoldersFile = (): string =>
  join(app.getPath('userData'), 'dataset-folders.json')

/** Adds a folder the user picked in the dialog to the list the engine may read. */
export async function allowDatasetFolder(path: string): Promise<void> {
  let list: string[] = []
  try {
    const parsed: unknown = JSON.parse(await readFile(datasetFoldersFile(), 'utf8'))
    if (Array.isArray(parsed)) list = parsed.filter((p): p is string => typeof p === 'string')
  } catch {
    list = []
  }
  if (!list.includes(path)) await writeAtomic(datasetFoldersFile(), JSON.stringify([...list, path]))
}
