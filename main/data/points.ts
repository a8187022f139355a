import { seededUniform } from '../train/random'
import type { Dataset, ImageSet } from './dataset'

/** A standard normal draw (Box–Muller) from a uniform source. */
const normal = (uniform: () => number) => () =>
  Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform())

/** The rotation matrix of a rotation vector (axis × angle), by Rodrigues' formula. */
function rotation([x, y, z]: readonly [number, number, number]): number[][] {
  const angle = Math.hypot(x, y, z)
  const [kx, ky, kz] = [x / angle, y / angle, z / angle]
  const [c, s, t] = [Math.cos(angle), Math.sin(angle), 1 - Math.cos(angle)]
  return [
    [c + kx * kx * t, kx * ky * t - kz * s, kx * kz * t + ky * s],
    [ky * kx * t + kz * s, c + ky * ky * t, ky * kz * t - kx * s],
    [kz * kx * t - ky * s, kz * ky * t + kx * s, c + kz * kz * t],
  ]
}

/**
 * The chapter's 3-D dataset for the linear autoencoder (its notebook's construction): m points on
 * an oval, unevenly spread (angles (u³ + 0.5)·2π), 0.28 Gaussian noise on every axis, rotated by
 * the vector (π/29, −π/20, π/4) and shifted by (0.2, 0, 0.2). Our generator is seeded like the
 * book's (42) but is not NumPy's, so the points are the same kind, not the same numbers.
 */
export function ovalPoints(m = 60, seed = 42): Float32Array {
  const uniform = seededUniform(seed)
  const gauss = normal(uniform)
  const r = rotation([Math.PI / 29, -Math.PI / 20, Math.PI / 4])
  const out = new Float32Array(m * 3)
  for (let i = 0; i < m; i++) {
    const angle = (uniform() ** 3 + 0.5) * 2 * Math.PI
    const p = [
      Math.cos(angle) + 0.28 * gauss(),
      Math.sin(angle) * 0.5 + 0.28 * gauss(),
      0.28 * gauss(),
    ]
    const shift = [0.2, 0, 0.2]
    for (let row = 0; row < 3; row++) {
      const v = r[row]?.reduce((sum, w, j) => sum + w * (p[j] ?? 0), 0) ?? 0
      out[i * 3 + row] = v + (shift[row] ?? 0)
    }
  }
  return out
}

/** The built-in points datasets, by name (a table of height 1, width = features). */
export function loadPoints(name: 'oval-3d'): Dataset {
  const values = ovalPoints()
  const set: ImageSet = {
    count: values.length / 3,
    height: 1,
    width: 3,
    channels: 1,
    pixels: new Uint8Array(0),
    values,
    labels: null,
    classNames: [],
  }
  return { name, train: set, test: set }
}
