import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { WASM_KERNELS } from '../../../main/kernels'
import { relError, seeded, valuesOn } from '../../helpers/backends'

type Pad = 'same' | 'valid'
const run = (
  name: string,
  inputs: Record<string, tf.Tensor>,
  attrs: Record<string, unknown>,
): tf.Tensor => tf.engine().runKernel(name, inputs, attrs as tf.NamedAttrMap)

/** Same kernel on wasm (ours) and cpu (reference); returns both results. */
async function both(fn: () => tf.Tensor): Promise<[Float32Array, Float32Array]> {
  return [await valuesOn('wasm', fn), await valuesOn('cpu', fn)]
}

const t4 = (shape: [number, number, number, number], seed: number) =>
  tf.tensor4d(
    seeded(
      shape.reduce((a, b) => a * b),
      seed,
    ),
    shape,
  )
const cases: { x: [number, number, number, number]; k: number; out: number }[] = [
  { x: [2, 9, 9, 3], k: 3, out: 4 },
  { x: [3, 8, 11, 2], k: 5, out: 3 },
  { x: [1, 7, 7, 1], k: 2, out: 1 },
  { x: [2, 9, 9, 8], k: 3, out: 4 },
  { x: [3, 10, 7, 12], k: 5, out: 6 },
  // Whole SIMD tiles (taps a multiple of 4, channels of 8): no scratch, written in place.
  { x: [2, 6, 6, 4], k: 1, out: 16 },
  { x: [2, 8, 8, 16], k: 3, out: 24 },
  // Images over the SIMD kernel's cache budget: one call per image, each adding to the last.
  { x: [2, 36, 36, 16], k: 3, out: 8 },
]

describe.each([
  ['SIMD kernel', undefined],
  ['im2col fallback', '0'],
])('Conv2DBackpropFilter on wasm, %s', (_path, simdSetting) => {
  beforeAll(() => {
    if (simdSetting === undefined) delete process.env.LATENT_STUDIO_SIMD_KERNELS
    else process.env.LATENT_STUDIO_SIMD_KERNELS = simdSetting
  })
  afterAll(() => {
    delete process.env.LATENT_STUDIO_SIMD_KERNELS
  })
  for (const c of cases)
    for (const strides of [1, 2, 3])
      for (const pad of ['same', 'valid'] as Pad[]) {
        test(`x ${c.x.join('×')} k${c.k} stride ${strides} ${pad}`, async () => {
          const filterShape: [number, number, number, number] = [c.k, c.k, c.x[3], c.out]
          const fn = () => {
            const x = t4(c.x, 1)
            const y = tf.conv2d(x, t4(filterShape, 2), strides, pad)
            const dy = t4(y.shape, 3)
            return run(
              'Conv2DBackpropFilter',
              { x, dy },
              { strides, pad, dataFormat: 'NHWC', filterShape },
            )
          }
          const [wasm, cpu] = await both(fn)
          expect(wasm.length).toBe(filterShape.reduce((a, b) => a * b))
          expect(relError(wasm, cpu)).toBeLessThan(1e-4)
        })
      }

  test('conv2d filter gradient through tf.grads matches cpu', async () => {
    const fn = () => {
      const [, dw] = tf.grads((x: tf.Tensor, w: tf.Tensor) =>
        tf
          .conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, 'same')
          .square()
          .sum(),
      )([t4([4, 12, 12, 3], 4), t4([3, 3, 3, 8], 5)])
      if (!dw) throw new Error('no gradient')
      return dw
    }
    const [wasm, cpu] = await both(fn)
    expect(relError(wasm, cpu)).toBeLessThan(1e-4)
  })
})

describe('depthwise conv gradients on wasm', () => {
  // tfjs's depthwise gradient refuses dilations > 1, so only dilation 1 is ever asked of these kernels.
  const dcases: { x: [number, number, number, number]; k: number; mult: number }[] = [
    { x: [2, 9, 9, 3], k: 3, mult: 1 },
    { x: [2, 8, 10, 2], k: 3, mult: 2 },
    { x: [1, 11, 11, 2], k: 5, mult: 1 },
    // Multiplier 1 with channels a multiple of 4: the SIMD kernels (dx at stride 1 only).
    { x: [2, 9, 9, 4], k: 3, mult: 1 },
    { x: [1, 11, 10, 8], k: 5, mult: 1 },
    { x: [2, 36, 36, 8], k: 3, mult: 1 },
    { x: [2, 8, 8, 4], k: 3, mult: 2 },
  ]
  for (const c of dcases)
    for (const strides of [1, 2, 3])
      for (const pad of ['same', 'valid'] as Pad[]) {
        const name = `x ${c.x.join('×')} k${c.k} ×${c.mult} stride ${strides} ${pad}`
        const filterShape: [number, number, number, number] = [c.k, c.k, c.x[3], c.mult]
        const attrs = { strides, pad, dilations: 1 }
        const forward = () => tf.depthwiseConv2d(t4(c.x, 1), t4(filterShape, 2), strides, pad)
        test(`filter gradient, ${name}`, async () => {
          const [wasm, cpu] = await both(() => {
            const dy = t4(forward().shape, 3)
            return run(
              'DepthwiseConv2dNativeBackpropFilter',
              { x: t4(c.x, 1), dy },
              { ...attrs, filterShape },
            )
          })
          expect(wasm.length).toBe(filterShape.reduce((a, b) => a * b))
          expect(relError(wasm, cpu)).toBeLessThan(1e-4)
        })
        test(`input gradient, ${name}`, async () => {
          const [wasm, cpu] = await both(() => {
            const dy = t4(forward().shape, 3)
            return run(
              'DepthwiseConv2dNativeBackpropInput',
              { dy, filter: t4(filterShape, 2) },
              { ...attrs, inputShape: c.x },
            )
          })
          expect(wasm.length).toBe(c.x.reduce((a, b) => a * b))
          expect(relError(wasm, cpu)).toBeLessThan(1e-4)
        })
      }

  test('separableConv2d trains on wasm: gradients for both kernels match cpu', async () => {
    const grads = async (backend: 'wasm' | 'cpu') => {
      const out: Float32Array[] = []
      for (const i of [0, 1, 2])
        out.push(
          await valuesOn(backend, () => {
            const g = tf.grads((x: tf.Tensor, d: tf.Tensor, p: tf.Tensor) =>
              tf
                .separableConv2d(x as tf.Tensor4D, d as tf.Tensor4D, p as tf.Tensor4D, 1, 'same')
                .square()
                .sum(),
            )([t4([2, 8, 8, 3], 1), t4([3, 3, 3, 1], 2), t4([1, 1, 3, 5], 3)])
            const t = g[i]
            if (!t) throw new Error('no gradient')
            return t
          }),
        )
      return out
    }
    const [wasm, cpu] = [await grads('wasm'), await grads('cpu')]
    wasm.forEach((w, i) => {
      expect(relError(w, cpu[i] ?? new Float32Array())).toBeLessThan(1e-4)
    })
  })
})

describe('UnsortedSegmentSum on wasm', () => {
  test('sums rows into segments and drops out-of-range ids', async () => {
    const fn = () =>
      run(
        'UnsortedSegmentSum',
        {
          x: tf.tensor2d(seeded(24, 7), [6, 4]),
          segmentIds: tf.tensor1d([0, 2, 2, 1, 4, -1], 'int32'),
        },
        { numSegments: 4 },
      )
    const [wasm, cpu] = await both(fn)
    expect(wasm.length).toBe(16)
    expect(relError(wasm, cpu)).toBeLessThan(1e-6)
  })

  test('tf.gather has a gradient on wasm', async () => {
    const fn = () =>
      tf.grad((p: tf.Tensor) =>
        tf
          .gather(p, tf.tensor1d([3, 1, 3, 0], 'int32'))
          .mul(tf.tensor2d(seeded(8, 9), [4, 2]))
          .sum(),
      )(tf.tensor2d(seeded(10, 3), [5, 2]))
    const [wasm, cpu] = await both(fn)
    expect(relError(wasm, cpu)).toBeLessThan(1e-6)
    expect(Array.from(wasm.slice(8))).toEqual([0, 0]) // row 4 is never gathered
  })
})

describe('Conv2DBackpropInput on wasm (also Conv2DTranspose)', () => {
  for (const c of cases)
    for (const strides of [1, 2, 3])
      for (const pad of ['same', 'valid'] as Pad[]) {
        test(`x ${c.x.join('×')} k${c.k} stride ${strides} ${pad}`, async () => {
          const filterShape: [number, number, number, number] = [c.k, c.k, c.x[3], c.out]
          const fn = () => {
            const y = tf.conv2d(t4(c.x, 1), t4(filterShape, 2), strides, pad)
            return run(
              'Conv2DBackpropInput',
              { dy: t4(y.shape, 3), filter: t4(filterShape, 2) },
              { strides, pad, dataFormat: 'NHWC', inputShape: c.x },
            )
          }
          const [wasm, cpu] = await both(fn)
          expect(wasm.length).toBe(c.x.reduce((a, b) => a * b))
          expect(relError(wasm, cpu)).toBeLessThan(1e-4)
        })
      }

  test('conv2dTranspose forward and its gradients match cpu', async () => {
    for (const i of [0, 1]) {
      const fn = () => {
        const [x, w] = [t4([3, 7, 7, 6], 4), t4([3, 3, 5, 6], 5)]
        const f = (a: tf.Tensor, b: tf.Tensor) =>
          tf
            .conv2dTranspose(a as tf.Tensor4D, b as tf.Tensor4D, [3, 14, 14, 5], 2, 'same')
            .square()
            .sum()
        const g = tf.grads(f)([x, w])[i]
        if (!g) throw new Error('no gradient')
        return g
      }
      const [wasm, cpu] = await both(fn)
      expect(relError(wasm, cpu)).toBeLessThan(1e-4)
    }
  })
})

describe('MaxPoolGrad on wasm', () => {
  const pools: { x: [number, number, number, number]; size: number; strides: number }[] = [
    { x: [2, 8, 8, 3], size: 2, strides: 2 },
    { x: [2, 7, 7, 3], size: 2, strides: 2 },
    { x: [2, 9, 7, 2], size: 3, strides: 2 },
    { x: [1, 6, 6, 4], size: 3, strides: 1 },
    // Channels a multiple of 4: the SIMD kernels (and past the last window, zeros).
    { x: [2, 8, 8, 8], size: 2, strides: 2 },
    { x: [3, 7, 9, 4], size: 2, strides: 2 },
    { x: [2, 9, 7, 8], size: 3, strides: 2 },
    { x: [1, 8, 8, 12], size: 3, strides: 3 },
  ]
  for (const p of pools)
    for (const pad of ['same', 'valid'] as Pad[])
      test(`x ${p.x.join('×')} pool ${p.size} stride ${p.strides} ${pad}`, async () => {
        const fn = () =>
          tf.grad((x: tf.Tensor) =>
            tf
              .maxPool(x as tf.Tensor4D, p.size, p.strides, pad)
              .mul(t4(tf.maxPool(t4(p.x, 1), p.size, p.strides, pad).shape, 2))
              .sum(),
          )(t4(p.x, 1))
        const [wasm, cpu] = await both(fn)
        expect(wasm.length).toBe(p.x.reduce((a, b) => a * b))
        expect(relError(wasm, cpu)).toBeLessThan(1e-6)
      })

  test('ties send the gradient to the first maximum only', async () => {
    const fn = () =>
      tf.grad((x: tf.Tensor) => tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid').sum())(
        tf.ones([1, 2, 2, 1]),
      )
    const [wasm, cpu] = await both(fn)
    expect(Array.from(wasm)).toEqual([1, 0, 0, 0])
    expect(Array.from(cpu)).toEqual([1, 0, 0, 0])
  })

  test('overlapping 3×3 windows of equal values each send their gradient to their first pixel', async () => {
    const fn = () =>
      tf.grad((x: tf.Tensor) => tf.maxPool(x as tf.Tensor4D, 3, 1, 'valid').sum())(
        tf.ones([1, 4, 4, 4]),
      )
    const [wasm, cpu] = await both(fn)
    // Windows start at (0,0), (0,1), (1,0) and (1,1); all four channels alike.
    const firsts = [0, 1, 4, 5]
    const expected = Array.from({ length: 64 }, (_, i) => (firsts.includes(i >> 2) ? 1 : 0))
    expect(Array.from(wasm)).toEqual(expected)
    expect(Array.from(cpu)).toEqual(expected)
  })

  test('ties on the SIMD kernel go to the first of the tied maxima', async () => {
    // Four channels over the 2×2 window (row-major): all equal, [0,1,1,0], [0,0,2,2], [3,1,3,3].
    const x = [5, 0, 0, 3, 5, 1, 0, 1, 5, 1, 2, 3, 5, 0, 2, 3]
    const fn = () =>
      tf.grad((t: tf.Tensor) => tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid').sum())(
        tf.tensor4d(x, [1, 2, 2, 4]),
      )
    const [wasm, cpu] = await both(fn)
    const expected = [1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]
    expect(Array.from(wasm)).toEqual(expected)
    expect(Array.from(cpu)).toEqual(expected)
  })

  test('a tie after the first position goes to the first of the tied maxima', async () => {
    // Two channels: [0, 1, 1, 0] and [0, 0, 2, 2] over the 2×2 window (row-major).
    const x = [0, 0, 1, 0, 1, 2, 0, 2]
    const fn = () =>
      tf.grad((t: tf.Tensor) => tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid').sum())(
        tf.tensor4d(x, [1, 2, 2, 2]),
      )
    const [wasm, cpu] = await both(fn)
    expect(Array.from(wasm)).toEqual([0, 0, 1, 0, 0, 1, 0, 0])
    expect(Array.from(cpu)).toEqual(Array.from(wasm))
  })
})

describe('registration', () => {
  test('ours replace the stock wasm kernels they are faster than, and fill the missing ones', async () => {
    await valuesOn('wasm', () => tf.scalar(0))
    for (const k of WASM_KERNELS)
      expect(tf.getKernel(k.kernelName, 'wasm').kernelFunc).toBe(k.kernelFunc)
  })
})

describe('Tile on wasm', () => {
  const tiles: { shape: number[]; reps: number[]; dtype: 'float32' | 'int32' | 'bool' }[] = [
    { shape: [1, 1, 1, 32], reps: [4, 5, 6, 1], dtype: 'float32' },
    { shape: [3, 4, 1], reps: [2, 1, 17], dtype: 'float32' },
    { shape: [2, 3], reps: [3, 2], dtype: 'int32' },
    { shape: [5], reps: [3], dtype: 'bool' },
    { shape: [2, 1, 3, 20], reps: [1, 3, 2, 2], dtype: 'float32' },
  ]
  for (const c of tiles)
    test(`${c.shape.join('×')} × reps ${c.reps.join(',')} (${c.dtype})`, async () => {
      const size = c.shape.reduce((a, b) => a * b, 1)
      const fn = () =>
        tf.tile(
          tf.tensor(
            seeded(size, 11).map((v) => (c.dtype === 'float32' ? v : Math.round(v * 5) % 2)),
            c.shape,
            c.dtype,
          ),
          c.reps,
        )
      const [wasm, cpu] = await both(fn)
      expect(wasm.length).toBe(size * c.reps.reduce((a, b) => a * b, 1))
      expect(Array.from(wasm)).toEqual(Array.from(cpu))
    })
})

describe('BatchMatMul on wasm (transposed operands copied first)', () => {
  const shapes: { a: number[]; b: number[]; ta: boolean; tb: boolean }[] = [
    { a: [7, 5], b: [7, 3], ta: true, tb: false },
    { a: [4, 6], b: [5, 6], ta: false, tb: true },
    { a: [6, 4], b: [5, 6], ta: true, tb: true },
    { a: [2, 3, 5], b: [2, 3, 4], ta: true, tb: false },
    { a: [2, 4, 3], b: [1, 5, 3], ta: false, tb: true },
    { a: [3, 4], b: [4, 2], ta: false, tb: false },
  ]
  for (const s of shapes)
    test(`${s.a.join('×')}${s.ta ? 'ᵀ' : ''} · ${s.b.join('×')}${s.tb ? 'ᵀ' : ''}`, async () => {
      const size = (xs: number[]) => xs.reduce((p, q) => p * q, 1)
      const fn = () =>
        tf.matMul(
          tf.tensor(seeded(size(s.a), 1), s.a),
          tf.tensor(seeded(size(s.b), 2), s.b),
          s.ta,
          s.tb,
        )
      const [wasm, cpu] = await both(fn)
      expect(relError(wasm, cpu)).toBeLessThan(1e-5)
    })

  test('dense-layer gradients (both transposed products) match cpu', async () => {
    for (const i of [0, 1]) {
      const fn = () => {
        const g = tf.grads((x: tf.Tensor, w: tf.Tensor) =>
          tf
            .matMul(x as tf.Tensor2D, w as tf.Tensor2D)
            .square()
            .sum(),
        )([tf.tensor2d(seeded(64 * 30, 3), [64, 30]), tf.tensor2d(seeded(30 * 20, 4), [30, 20])])[i]
        if (!g) throw new Error('no gradient')
        return g
      }
      const [wasm, cpu] = await both(fn)
      expect(relError(wasm, cpu)).toBeLessThan(1e-4)
    }
  })
})
