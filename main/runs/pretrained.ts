import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  describePretrained,
  PRETRAINED,
  pretrainedAboutSchema,
  type PretrainedAbout,
  type PretrainedName,
} from '../../common/pretrained'
import { err, ok, type Result } from '../../common/graph/result'
import type { CompiledGraph } from '../tfjs/compile'
import { loadWeights } from './checkpoint'

/** Where the shipped weights live: one checkpoint folder per name of `PRETRAINED`. */
export const PRETRAINED_DIR = fileURLToPath(new URL('../../data/pretrained', import.meta.url))

export const pretrainedDir = (name: PretrainedName): string => join(PRETRAINED_DIR, name)

/** How the shipped weights were trained (their `about.json`), or null when it cannot be read. */
export async function readPretrainedAbout(name: PretrainedName): Promise<PretrainedAbout | null> {
  try {
    const parsed = pretrainedAboutSchema.safeParse(
      JSON.parse(await readFile(join(pretrainedDir(name), 'about.json'), 'utf8')),
    )
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/**
 * Sets a compiled graph to shipped weights; answers what they are, or why they do not fit (the
 * graph was changed from the template they were trained for).
 */
export async function loadPretrained(
  name: PretrainedName,
  compiled: CompiledGraph,
): Promise<Result<string>> {
  const loaded = await loadWeights(compiled, pretrainedDir(name))
  if (!loaded.ok)
    return err(
      `the pretrained weights "${name}" cannot be used: ${loaded.error}. They fit the ${PRETRAINED[name].template} template's graph as it ships; to train this graph from scratch, clear "initial weights" in the training settings (or pass --from-scratch)`,
    )
  return ok(describePretrained(name, await readPretrainedAbout(name)))
}
