import * as tf from '@tensorflow/tfjs'
import { useBackend } from '../../main/tfjs/backend'

/** Runs `fn` on a backend and returns its result's values (tensors are disposed). */
export async function valuesOn(
  backend: 'wasm' | 'cpu',
  fn: () => tf.Tensor,
): Promise<Float32Array> {
  await useBackend(backend)
  const t = tf.tidy(fn)
  const v = (await t.data()) as Float32Array
  t.dispose()
  return v
}

/** ‖a − b‖∞ / ‖b‖∞: the relative error the kernel tests bound. */
export function relError(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity
  let diff = 0
  let scale = 0
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs((a[i] ?? 0) - (b[i] ?? 0)))
    scale = Math.max(scale, Math.abs(b[i] ?? 0))
  }
  return diff / Math.max(scale, 1e-12)
}

/** Deterministic pseudo-random values in [-1, 1). */
export function seeded(n: number, seed = 1): Float32Array {
  let s = seed
  return Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2 ** 31
    return (s / 2 ** 31) * 2 - 1
  })
}
