import { expect, test } from 'vitest'
import {
  frechetDistance,
  gaussianOf,
  sqrtPsd,
  symmetricEigen,
  type Gaussian,
} from '../../../main/metrics/frechet'

const gaussian = (mean: number[], cov: number[]): Gaussian => ({
  d: mean.length,
  mean: Float64Array.from(mean),
  cov: Float64Array.from(cov),
})

test('mean and unbiased covariance of points', () => {
  const g = gaussianOf([1, 2, 3, 6, 5, 10], 3, 2)
  expect(Array.from(g.mean)).toEqual([3, 6])
  // x: 1, 3, 5 (variance 4); y: 2, 6, 10 (variance 16); covariance 8.
  expect(Array.from(g.cov)).toEqual([4, 8, 8, 16])
})

test('Jacobi eigen-decomposition rebuilds a symmetric matrix; the PSD square root squares back', () => {
  const d = 5
  const m = new Float64Array(d * d)
  for (let i = 0; i < d; i++)
    for (let j = 0; j <= i; j++) {
      const v = Math.sin(i * 7 + j * 3) + (i === j ? 4 : 0)
      m[i * d + j] = v
      m[j * d + i] = v
    }
  const { values, vectors } = symmetricEigen(m, d)
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) {
      let sum = 0
      for (let k = 0; k < d; k++)
        sum += (vectors[i * d + k] ?? 0) * (values[k] ?? 0) * (vectors[j * d + k] ?? 0)
      expect(sum).toBeCloseTo(m[i * d + j] ?? NaN, 10)
    }
  const root = sqrtPsd(m, d)
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) {
      let sum = 0
      for (let k = 0; k < d; k++) sum += (root[i * d + k] ?? 0) * (root[k * d + j] ?? 0)
      expect(sum).toBeCloseTo(m[i * d + j] ?? NaN, 8)
    }
})

test('the Fréchet distance: 0 for one Gaussian, closed forms for 1-D and diagonal ones', () => {
  const a = gaussian([1, 2], [2, 0.5, 0.5, 1])
  expect(frechetDistance(a, a)).toBeCloseTo(0, 9)
  // 1-D: (μa − μb)² + (σa − σb)².
  expect(frechetDistance(gaussian([1], [4]), gaussian([3], [1]))).toBeCloseTo(4 + 1, 10)
  // Diagonal: the sum over features.
  expect(
    frechetDistance(gaussian([0, 0], [9, 0, 0, 1]), gaussian([1, 1], [1, 0, 0, 4])),
  ).toBeCloseTo(2 + (3 - 1) ** 2 + (1 - 2) ** 2, 10)
  // Symmetric in its arguments, for non-commuting covariances too.
  const b = gaussian([0, 1], [1, -0.3, -0.3, 3])
  expect(frechetDistance(a, b)).toBeCloseTo(frechetDistance(b, a), 9)
})
