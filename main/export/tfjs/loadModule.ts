import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * The module a TensorFlow.js export's load.mjs is made of: beside this file in a checkout, beside
 * the engine in the Electron bundle (scripts/buildElectron.ts copies it there).
 */
export const LOAD_MODULE_SOURCE = join(import.meta.dirname, 'loadModels.mjs')

/**
 * The export's `tfjs/load.mjs`: the custom layers and loader of loadModels.mjs, then the export's
 * models and `loadModels(tf, dir)`, which loads them all from `dir` (by default the folder the
 * module itself was loaded from), keyed by group id.
 */
export async function loadModule(ids: readonly string[]): Promise<string> {
  const body = await readFile(LOAD_MODULE_SOURCE, 'utf8')
  return `${body}
/** This export's models, by group id (the names of its onnx/ files too). */
export const MODELS = ${JSON.stringify(ids)}

/**
 * Loads every model of this export, keyed by group id: \`await loadModels(tf)\` next to this file,
 * or \`await loadModels(tf, dir)\` with the tfjs/ folder's path or URL.
 * @param {any} tf the \`@tensorflow/tfjs\` module
 * @param {string | URL} [dir]
 */
export function loadModels(tf, dir = new URL('.', import.meta.url)) {
  return loadModelsFrom(tf, dir, MODELS)
}
`
}
