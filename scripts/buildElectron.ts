/**
 * Bundles the desktop shell into dist/electron/: main.mjs (the Electron main process), preload.cjs
 * (sandboxed preloads must be one CommonJS file), engine.mjs (the engine's utilityProcess) and
 * trainerThread.mjs and replica.mjs with threadBoot.mjs (the engine's training thread and its
 * data-parallel replicas, found beside it),
 * and loadModels.mjs (what a TensorFlow.js export's load.mjs is made of, read beside the engine).
 * npm packages stay outside the bundles and load from node_modules at run time (tfjs finds its
 * wasm files there), except in the preload, which can require nothing but electron.
 */
import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { build, type BuildOptions } from 'esbuild'
import { LOAD_MODULE_SOURCE } from '../main/export/tfjs/loadModule'

const ROOT = join(import.meta.dirname, '..')
export const ELECTRON_OUT = join(ROOT, 'dist', 'electron')

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  sourcemap: 'linked',
  logLevel: 'warning',
  external: ['electron'],
}

/** Builds the three bundles; returns their paths. */
export async function buildElectron(): Promise<{
  main: string
  preload: string
  engine: string
  replica: string
  trainer: string
}> {
  const out = {
    main: join(ELECTRON_OUT, 'main.mjs'),
    preload: join(ELECTRON_OUT, 'preload.cjs'),
    engine: join(ELECTRON_OUT, 'engine.mjs'),
    replica: join(ELECTRON_OUT, 'replica.mjs'),
    trainer: join(ELECTRON_OUT, 'trainerThread.mjs'),
  }
  mkdirSync(ELECTRON_OUT, { recursive: true })
  copyFileSync(
    join(ROOT, 'main', 'threads', 'threadBoot.mjs'),
    join(ELECTRON_OUT, 'threadBoot.mjs'),
  )
  copyFileSync(LOAD_MODULE_SOURCE, join(ELECTRON_OUT, 'loadModels.mjs'))
  await Promise.all([
    build({
      ...common,
      entryPoints: [join(ROOT, 'electron', 'main.ts')],
      format: 'esm',
      packages: 'external',
      outfile: out.main,
    }),
    build({
      ...common,
      entryPoints: [join(ROOT, 'electron', 'preload.ts')],
      format: 'cjs',
      outfile: out.preload,
    }),
    build({
      ...common,
      entryPoints: [join(ROOT, 'main', 'host', 'engineProcess.ts')],
      format: 'esm',
      packages: 'external',
      outfile: out.engine,
    }),
    build({
      ...common,
      entryPoints: [join(ROOT, 'main', 'train', 'parallel', 'replica.ts')],
      format: 'esm',
      packages: 'external',
      outfile: out.replica,
    }),
    build({
      ...common,
      entryPoints: [join(ROOT, 'main', 'host', 'trainerThread.ts')],
      format: 'esm',
      packages: 'external',
      outfile: out.trainer,
    }),
  ])
  return out
}

if (process.argv[1] === import.meta.filename) {
  const out = await buildElectron()
  console.log(`built ${Object.values(out).join(', ')}`)
}
