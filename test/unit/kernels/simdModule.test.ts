import * as tf from '@tensorflow/tfjs'
import { BackendWasm } from '@tensorflow/tfjs-backend-wasm'
import { expect, test } from 'vitest'
import { useBackend } from '../../../main/engine/backend'
import { WASM_BASE64 } from '../../../main/kernels/simd/filterGradient.wasm'
import { simdKernels } from '../../../main/kernels/simd/instance'
import { compileWat } from '../../../scripts/wasmSources'

test('the committed kernel bytes are what filterGradient.wat compiles to', async () => {
  const compiled = await compileWat('filterGradient')
  expect(Buffer.from(WASM_BASE64, 'base64').equals(Buffer.from(compiled))).toBe(true)
})

test('the SIMD kernels run on this machine’s wasm backend, and can be turned off', async () => {
  await useBackend('wasm')
  const backend = tf.backend()
  if (!(backend instanceof BackendWasm)) throw new Error('not the wasm backend')
  expect(typeof simdKernels(backend)?.filterGradient).toBe('function')
  process.env.LATENT_STUDIO_SIMD_KERNELS = '0'
  try {
    expect(simdKernels(backend)).toBeUndefined()
  } finally {
    delete process.env.LATENT_STUDIO_SIMD_KERNELS
  }
})
