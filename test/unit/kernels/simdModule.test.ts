import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { BackendWasm } from '@tensorflow/tfjs-backend-wasm'
import { expect, test } from 'vitest'
import { useBackend } from '../../../main/tfjs/backend'
import { simdKernels } from '../../../main/kernels/simd/instance'
import { bytesModule, compileWat, SIMD_DIR, WAT_SOURCES } from '../../../scripts/wasmSources'

test.each(WAT_SOURCES)('the committed bytes of %s are what its .wat compiles to', async (name) => {
  const committed = readFileSync(join(SIMD_DIR, `${name}.wasm.ts`), 'utf8')
  expect(committed).toBe(bytesModule(name, await compileWat(name)))
})

test('the SIMD kernels run on this machine’s wasm backend, and can be turned off', async () => {
  await useBackend('wasm')
  const backend = tf.backend()
  if (!(backend instanceof BackendWasm)) throw new Error('not the wasm backend')
  const kernels = simdKernels(backend)
  expect(typeof kernels?.filterGradient).toBe('function')
  expect(typeof kernels?.columnSum).toBe('function')
  process.env.LATENT_STUDIO_SIMD_KERNELS = '0'
  try {
    expect(simdKernels(backend)).toBeUndefined()
  } finally {
    delete process.env.LATENT_STUDIO_SIMD_KERNELS
  }
})
