import type * as tf from '@tensorflow/tfjs'
import type { WasmKernelArgs } from './wasm'

/**
 * out[s, …] = Σ x[i, …] over the i with segmentIds[i] = s, for the wasm backend, which lacks it
 * (tf.gather's gradient needs it). Ids outside [0, numSegments) are dropped, as in TensorFlow.
 */
export function unsortedSegmentSum({
  inputs,
  backend,
  attrs,
}: WasmKernelArgs<'x' | 'segmentIds', tf.UnsortedSegmentSumAttrs>): tf.TensorInfo {
  const { x, segmentIds } = inputs
  const idRank = segmentIds.shape.length
  const inner = x.shape.slice(idRank).reduce((a, b) => a * b, 1)
  const out = backend.makeOutput([attrs.numSegments, ...x.shape.slice(idRank)], x.dtype)
  const xv = backend.typedArrayFromHeap(x)
  const ids = backend.typedArrayFromHeap(segmentIds)
  const ov = backend.typedArrayFromHeap(out)
  ov.fill(0)
  for (let i = 0; i < ids.length; i++) {
    const s = ids[i] ?? -1
    if (s < 0 || s >= attrs.numSegments) continue
    const src = i * inner
    const dst = s * inner
    for (let j = 0; j < inner; j++) ov[dst + j] = (ov[dst + j] ?? 0) + (xv[src + j] ?? 0)
  }
  return out
}
