import * as tf from '@tensorflow/tfjs'
import { expect, test } from 'vitest'
import { initBackend } from '../../../main/tfjs/backend'

test('asking for a backend again switches back to it after another was used', async () => {
  const wasm = await initBackend('wasm')
  expect(wasm.ok && wasm.value.name).toBe('wasm')
  expect(tf.getBackend()).toBe('wasm')
  await initBackend('cpu')
  expect(tf.getBackend()).toBe('cpu')
  // A second run on wasm (its choice is cached) must not stay on the slow pure-JS backend.
  await initBackend('wasm')
  expect(tf.getBackend()).toBe('wasm')
  await initBackend('auto')
  expect(tf.getBackend()).toBe('wasm')
})
