import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import wabtInit from 'wabt'

/** The hand-written WebAssembly kernels: `<name>.wat` sources compiled into `<name>.wasm.ts`. */
export const SIMD_DIR = join(import.meta.dirname, '..', 'main', 'kernels', 'simd')
export const WAT_SOURCES = [
  'filterGradient',
  'columnSum',
  'poolGradient',
  'depthwise',
  'upsampleGradient',
] as const

/** Compiles one kernel's text format to its binary (wabt, SIMD enabled). */
export async function compileWat(name: string): Promise<Uint8Array> {
  const wabt = await wabtInit()
  const file = `${name}.wat`
  const mod = wabt.parseWat(file, readFileSync(join(SIMD_DIR, file), 'utf8'), { simd: true })
  try {
    mod.validate()
    return Uint8Array.from(mod.toBinary({}).buffer)
  } finally {
    mod.destroy()
  }
}

/** The TypeScript module holding a kernel's binary, so that bundles need no extra file. */
export function bytesModule(name: string, bytes: Uint8Array): string {
  const base64 = Buffer.from(bytes).toString('base64')
  return [
    `// Generated from ${name}.wat by scripts/buildWasm.ts: do not edit.`,
    `export const WASM_BASE64 = '${base64}'`,
    '',
  ].join('\n')
}
