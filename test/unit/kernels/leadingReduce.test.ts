import * as tf from '@tensorflow/tfjs'
import { describe, expect, test } from 'vitest'
import { useBackend } from '../../../main/tfjs/backend'
import { relError, seeded, valuesOn } from '../../helpers/backends'

const cases: { shape: number[]; axis: number | number[]; keepDims?: boolean; dtype?: 'int32' }[] = [
  // Leading axes over whole SIMD columns: ours.
  { shape: [32, 28, 28, 16], axis: [0, 1, 2] },
  { shape: [7, 5, 5, 24], axis: [0, 1, 2], keepDims: true },
  { shape: [9, 20], axis: 0 },
  { shape: [3, 4, 8], axis: [1, 0] },
  { shape: [1, 4], axis: 0 },
  { shape: [0, 8], axis: 0 },
  // The stock kernel's: inner axes, columns not a multiple of 4, all axes, integers.
  { shape: [6, 10], axis: 1 },
  { shape: [6, 5, 3], axis: [0, 1] },
  { shape: [4, 8], axis: [0, 1] },
  { shape: [6, 8], axis: 0, dtype: 'int32' },
]

describe.each([
  ['Sum', tf.sum],
  ['Mean', tf.mean],
] as const)('%s on wasm', (_name, reduce) => {
  for (const c of cases)
    test(`${c.shape.join('×')} over ${String(c.axis)}${c.keepDims ? ', keepDims' : ''}${c.dtype ? `, ${c.dtype}` : ''}`, async () => {
      const size = c.shape.reduce((a, b) => a * b, 1)
      const fn = () => {
        const x = tf.tensor(seeded(size, 7), c.shape)
        return reduce(c.dtype ? x.mul(10).toInt() : x, c.axis, c.keepDims)
      }
      const wasm = await valuesOn('wasm', fn)
      const cpu = await valuesOn('cpu', fn)
      expect(wasm.length).toBe(cpu.length)
      expect(relError(wasm, cpu)).toBeLessThan(1e-5)
      await useBackend('wasm')
      const shape = tf.tidy(() => fn().shape)
      await useBackend('cpu')
      expect(shape).toEqual(tf.tidy(() => fn().shape))
    })

  test('a conv bias gradient (dy summed over batch and space) matches cpu', async () => {
    const fn = () => {
      const g = tf.grad((b: tf.Tensor) =>
        tf
          .conv2d(
            tf.tensor4d(seeded(2 * 9 * 9 * 3, 1), [2, 9, 9, 3]),
            tf.tensor4d(seeded(3 * 3 * 3 * 8, 2), [3, 3, 3, 8]),
            1,
            'same',
          )
          .add(b)
          .square()
          .sum(),
      )
      return g(tf.tensor1d(seeded(8, 3)))
    }
    expect(relError(await valuesOn('wasm', fn), await valuesOn('cpu', fn))).toBeLessThan(1e-4)
  })
})
