/** A Gaussian fitted to n points of d features: their mean and (unbiased) covariance, row-major. */
export interface Gaussian {
  readonly d: number
  readonly mean: Float64Array
  readonly cov: Float64Array
}

/** The mean and covariance of n×d features. */
export function gaussianOf(features: ArrayLike<number>, n: number, d: number): Gaussian {
  const mean = new Float64Array(d)
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) mean[j] = (mean[j] ?? 0) + (features[i * d + j] ?? 0) / n
  const cov = new Float64Array(d * d)
  const row = new Float64Array(d)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = (features[i * d + j] ?? 0) - (mean[j] ?? 0)
    for (let a = 0; a < d; a++) {
      const ra = row[a] ?? 0
      if (ra === 0) continue
      for (let b = a; b < d; b++) cov[a * d + b] = (cov[a * d + b] ?? 0) + ra * (row[b] ?? 0)
    }
  }
  const norm = Math.max(1, n - 1)
  for (let a = 0; a < d; a++)
    for (let b = a; b < d; b++) {
      const v = (cov[a * d + b] ?? 0) / norm
      cov[a * d + b] = v
      cov[b * d + a] = v
    }
  return { d, mean, cov }
}

/**
 * Eigenvalues and eigenvectors (columns of `vectors`) of a symmetric d×d matrix, by cyclic Jacobi
 * rotations: exact to rounding for the small matrices here (64×64).
 */
export function symmetricEigen(
  m: Float64Array,
  d: number,
): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(m)
  const v = new Float64Array(d * d)
  for (let i = 0; i < d; i++) v[i * d + i] = 1
  const at = (i: number, j: number) => a[i * d + j] ?? 0
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += at(p, q) ** 2
    if (off < 1e-22) break
    for (let p = 0; p < d; p++)
      for (let q = p + 1; q < d; q++) {
        const apq = at(p, q)
        if (Math.abs(apq) < 1e-300) continue
        const theta = (at(q, q) - at(p, p)) / (2 * apq)
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1))
        const c = 1 / Math.sqrt(t * t + 1)
        const s = t * c
        for (let k = 0; k < d; k++) {
          const akp = at(k, p)
          const akq = at(k, q)
          a[k * d + p] = c * akp - s * akq
          a[k * d + q] = s * akp + c * akq
        }
        for (let k = 0; k < d; k++) {
          const apk = at(p, k)
          const aqk = at(q, k)
          a[p * d + k] = c * apk - s * aqk
          a[q * d + k] = s * apk + c * aqk
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p] ?? 0
          const vkq = v[k * d + q] ?? 0
          v[k * d + p] = c * vkp - s * vkq
          v[k * d + q] = s * vkp + c * vkq
        }
      }
  }
  return { values: Float64Array.from({ length: d }, (_, i) => at(i, i)), vectors: v }
}

/** The square root of a symmetric positive semi-definite matrix (negative rounding clipped to 0). */
export function sqrtPsd(m: Float64Array, d: number): Float64Array {
  const { values, vectors } = symmetricEigen(m, d)
  const out = new Float64Array(d * d)
  for (let k = 0; k < d; k++) {
    const s = Math.sqrt(Math.max(0, values[k] ?? 0))
    if (s === 0) continue
    for (let i = 0; i < d; i++) {
      const vik = (vectors[i * d + k] ?? 0) * s
      for (let j = 0; j < d; j++)
        out[i * d + j] = (out[i * d + j] ?? 0) + vik * (vectors[j * d + k] ?? 0)
    }
  }
  return out
}

function multiply(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d * d)
  for (let i = 0; i < d; i++)
    for (let k = 0; k < d; k++) {
      const aik = a[i * d + k] ?? 0
      if (aik === 0) continue
      for (let j = 0; j < d; j++) out[i * d + j] = (out[i * d + j] ?? 0) + aik * (b[k * d + j] ?? 0)
    }
  return out
}

/**
 * The Fréchet distance between two Gaussians, the FID's formula:
 * ‖μa − μb‖² + tr Σa + tr Σb − 2·tr (Σa^½ Σb Σa^½)^½ (the last trace equals tr (Σa Σb)^½, computed
 * on a symmetric matrix so that it stays real).
 */
export function frechetDistance(a: Gaussian, b: Gaussian): number {
  const d = a.d
  if (b.d !== d) throw new Error(`Gaussians of ${a.d} and ${b.d} features`)
  let dist = 0
  for (let j = 0; j < d; j++) dist += ((a.mean[j] ?? 0) - (b.mean[j] ?? 0)) ** 2
  for (let j = 0; j < d; j++) dist += (a.cov[j * d + j] ?? 0) + (b.cov[j * d + j] ?? 0)
  const root = sqrtPsd(a.cov, d)
  const { values } = symmetricEigen(multiply(multiply(root, b.cov, d), root, d), d)
  for (const v of values) dist -= 2 * Math.sqrt(Math.max(0, v))
  return Math.max(0, dist)
}
