import * as tf from '@tensorflow/tfjs'
import { describe, expect, test } from 'vitest'
import { relError, seeded, valuesOn } from '../../helpers/backends'

const cases: {
  x: [number, number, number, number]
  size: [number, number]
  alignCorners?: boolean
  halfPixelCenters?: boolean
}[] = [
  // Whole factors with channels a multiple of 4: the SIMD kernel.
  { x: [2, 5, 6, 8], size: [10, 12] },
  { x: [1, 4, 3, 4], size: [12, 6], halfPixelCenters: true },
  { x: [3, 2, 2, 16], size: [2, 2] },
  // The stock kernel's: other channels, fractional factors, aligned corners.
  { x: [2, 5, 6, 3], size: [10, 12] },
  { x: [1, 5, 4, 4], size: [8, 7] },
  { x: [1, 4, 4, 4], size: [8, 8], alignCorners: true },
]

/**
 * The exact gradient, from the forward resize (a gather, the same on every backend): each dy
 * value goes to the input pixel its output pixel was copied from. tfjs's own cpu gradient cannot
 * be the reference: it reads dy at the input's batch offsets, wrong from batch 2 (ours replaces it).
 */
async function exactGradient(c: (typeof cases)[number], dy: Float32Array): Promise<Float32Array> {
  const [n, h, w, C] = c.x
  const index = await valuesOn('cpu', () =>
    tf.image.resizeNearestNeighbor(
      tf.range(0, n * h * w * C).reshape(c.x),
      c.size,
      c.alignCorners,
      c.halfPixelCenters,
    ),
  )
  const dx = new Float32Array(n * h * w * C)
  index.forEach((from, i) => {
    dx[from] = (dx[from] ?? 0) + (dy[i] ?? 0)
  })
  return dx
}

describe.each(['wasm', 'cpu'] as const)('ResizeNearestNeighborGrad on %s', (backend) => {
  for (const c of cases)
    test(`${c.x.join('×')} → ${c.size.join('×')}${c.alignCorners ? ', aligned corners' : ''}${c.halfPixelCenters ? ', half-pixel centres' : ''}`, async () => {
      const size = c.x.reduce((a, b) => a * b, 1)
      const dy = seeded(c.x[0] * c.size[0] * c.size[1] * c.x[3], 2)
      const got = await valuesOn(backend, () =>
        tf.grad((x: tf.Tensor) =>
          tf.image
            .resizeNearestNeighbor(x as tf.Tensor4D, c.size, c.alignCorners, c.halfPixelCenters)
            .mul(tf.tensor(dy, [c.x[0], ...c.size, c.x[3]]))
            .sum(),
        )(tf.tensor(seeded(size, 1), c.x)),
      )
      expect(got.length).toBe(size)
      expect(relError(got, await exactGradient(c, dy))).toBeLessThan(1e-5)
    })

  test('UpSampling2D: its input gradient sums each 2×2 block of dy', async () => {
    const dy = seeded(2 * 14 * 14 * 12, 3)
    const got = await valuesOn(backend, () => {
      const layer = tf.layers.upSampling2d({ size: [2, 2] })
      return tf.grad((x: tf.Tensor) =>
        (layer.apply(x) as tf.Tensor).mul(tf.tensor(dy, [2, 14, 14, 12])).sum(),
      )(tf.zeros([2, 7, 7, 12]))
    })
    const c = {
      x: [2, 7, 7, 12] as [number, number, number, number],
      size: [14, 14] as [number, number],
    }
    expect(relError(got, await exactGradient(c, dy))).toBeLessThan(1e-5)
  })
})
