// Faults injected into real training runs: the run ends with a readable message and keeps the
// weights of its last completed epoch.
import * as tf from '@tensorflow/tfjs'
import { afterEach, expect, test } from 'vitest'
import type { TrainEvent } from '../../../common/events'
import { trainDocument } from '../../../main/train/run'
import { loadTemplateDoc } from '../../helpers/templates'

let restoreKernel: (() => void) | null = null
afterEach(() => {
  restoreKernel?.()
  restoreKernel = null
})

/** Makes the wasm kernel `name` throw `error` from its `after`-th call on (as an allocation failure would). */
function failKernel(name: string, after: number, error: Error): void {
  const original = tf.getKernel(name, 'wasm')
  let calls = 0
  tf.unregisterKernel(name, 'wasm')
  tf.registerKernel({
    ...original,
    kernelFunc: (args) => {
      calls++
      if (calls >= after) throw error
      return original.kernelFunc(args)
    },
  })
  restoreKernel = () => {
    tf.unregisterKernel(name, 'wasm')
    tf.registerKernel(original)
  }
}

test('running out of memory in epoch 2 stops the run with advice and the weights of epoch 1', async () => {
  const doc = loadTemplateDoc('vae')
  const events: TrainEvent[] = []
  let epoch1 = new Map<string, number[]>()
  const result = await trainDocument(doc, {
    backend: 'wasm',
    threads: 1,
    epochs: 3,
    limit: 300,
    previewEverySec: 1e9,
    onEvent: (e) => {
      events.push(e)
      if (e.type === 'epoch' && e.epoch === 1) {
        // Epoch 1 is done: snapshot the weights, then fail after a few updates of epoch 2.
        epoch1 = trainableValues()
        failKernel('BatchMatMul', 50, new RangeError('Array buffer allocation failed'))
      }
    },
  })
  if (!result.ok) throw new Error(result.error)
  expect(result.value.result).toMatchObject({ epochsCompleted: 1, stopped: 'error' })
  const stop = events.find((e) => e.type === 'stopped')
  expect(stop?.type === 'stopped' && stop.message).toMatch(
    /^out of memory at epoch 2, batch [2-9] \(Array buffer allocation failed\): training stopped and the weights of epoch 1 are kept; reduce the batch size/,
  )
  // The weights are exactly those of epoch 1's end, not half an update later.
  expect(epoch1.size).toBeGreaterThan(5)
  const now = trainableValues()
  expect([...now.keys()]).toEqual([...epoch1.keys()])
  // Largest difference from epoch 1's values over every weight (a number, for a short failure).
  let drift = 0
  for (const [name, values] of now) {
    const before = epoch1.get(name) ?? []
    values.forEach((v, i) => (drift = Math.max(drift, Math.abs(v - (before[i] ?? NaN)))))
  }
  expect(drift).toBe(0)
})

/** Every trainable variable's values, by name. */
function trainableValues(): Map<string, number[]> {
  return new Map(
    Object.values(tf.engine().state.registeredVariables)
      .filter((v) => v.trainable)
      .map((v) => [v.name, Array.from(v.dataSync())]),
  )
}
