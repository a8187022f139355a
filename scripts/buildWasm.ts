// Compiles main/kernels/simd/*.wat into the base64 modules the engine loads.
// Usage: npx tsx scripts/buildWasm.ts
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { SIMD_DIR, WAT_SOURCES, bytesModule, compileWat } from './wasmSources'

for (const name of WAT_SOURCES) {
  const bytes = await compileWat(name)
  writeFileSync(join(SIMD_DIR, `${name}.wasm.ts`), bytesModule(name, bytes))
  console.log(`${name}.wasm.ts: ${bytes.length} bytes`)
}
