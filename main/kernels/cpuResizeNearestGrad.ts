import * as tf from '@tensorflow/tfjs'

/** What this kernel needs of tfjs's cpu backend. */
interface CpuBackend {
  readSync(dataId: tf.DataId): tf.backend_util.BackendValues
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo
}

/** The input row (or column) the forward resize copies output `dst` from (tfjs's formula). */
function nearestSource(
  dst: number,
  oldSize: number,
  newSize: number,
  { alignCorners, halfPixelCenters }: tf.ResizeNearestNeighborGradAttrs,
): number {
  const aligned = alignCorners && newSize > 1
  const ratio = (aligned ? oldSize - 1 : oldSize) / (aligned ? newSize - 1 : newSize)
  const frac = halfPixelCenters ? ratio * (dst + 0.5) : ratio * dst
  const nearest = Math.min(oldSize - 1, alignCorners ? Math.round(frac) : Math.floor(frac))
  return halfPixelCenters ? Math.max(0, nearest) : nearest
}

/**
 * ResizeNearestNeighborGrad for tfjs's cpu backend, replacing its own, which reads dy at the
 * input's batch offsets: from the second image of a batch on, UpSampling2D's gradient was wrong
 * (tfjs 4.22). Each dy value goes to the input pixel the forward resize copied it from.
 */
export function cpuResizeNearestGrad({
  inputs,
  backend,
  attrs,
}: {
  inputs: Readonly<Record<'images' | 'dy', tf.TensorInfo>>
  backend: CpuBackend
  attrs: tf.ResizeNearestNeighborGradAttrs
}): tf.TensorInfo {
  const { images, dy } = inputs
  const [n = 0, h = 0, w = 0, C = 0] = images.shape
  const [, dh = 0, dw = 0] = dy.shape
  const g = backend.readSync(dy.dataId)
  if (!(g instanceof Float32Array)) throw new Error('expected a float32 dy')
  const dx = new Float32Array(n * h * w * C)
  const rows = Array.from({ length: dh }, (_, r) => nearestSource(r, h, dh, attrs))
  const cols = Array.from({ length: dw }, (_, c) => nearestSource(c, w, dw, attrs))
  let i = 0
  for (let b = 0; b < n; b++)
    for (const r of rows)
      for (const c of cols) {
        const to = ((b * h + r) * w + c) * C
        for (let d = 0; d < C; d++, i++) dx[to + d] = (dx[to + d] ?? 0) + (g[i] ?? 0)
      }
  return backend.makeTensorInfo([n, h, w, C], 'float32', dx)
}

let registered = false

/** Registers the corrected kernel for the cpu backend (once). */
export function registerCpuKernels(): void {
  if (registered) return
  registered = true
  tf.unregisterKernel('ResizeNearestNeighborGrad', 'cpu')
  tf.registerKernel({
    kernelName: 'ResizeNearestNeighborGrad',
    backendName: 'cpu',
    kernelFunc: cpuResizeNearestGrad as unknown as tf.KernelFunc,
  })
}
