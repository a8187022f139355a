import { f32, type BackendWasm, type TensorInfo } from '../wasm'

/**
 * What the images of one kernel call may take (x and dy) in the kernels that sum over positions.
 * Measured (conv-ae, DCGAN and diffusion shapes): 64 KB is best from 32 KB to 1 MB; one call over
 * the whole batch ran DCGAN's 5×5 filter gradient at half the speed.
 */
const CACHE_BYTES = 64 * 1024

/**
 * Runs `call` over the batch a few images at a time (CACHE_BYTES of x and dy together, at least
 * one image): the first image of the block, how many, and whether to add to earlier blocks' sums.
 */
export function inImageBlocks(
  n: number,
  bytesPerImage: number,
  call: (first: number, count: number, accumulate: 0 | 1) => void,
): void {
  const perCall = Math.max(1, Math.floor(CACHE_BYTES / bytesPerImage))
  for (let b = 0; b < n; b += perCall) call(b, Math.min(perCall, n - b), b > 0 ? 1 : 0)
}

export const roundUp = (v: number, m: number) => Math.ceil(v / m) * m

/** Padding of an NHWC image: rows above and below, columns left and right. */
export interface Pad {
  readonly top: number
  readonly bottom: number
  readonly left: number
  readonly right: number
}

/** Scratch tensors of one kernel call, freed together. */
export class Scratch {
  private readonly tensors: TensorInfo[] = []
  constructor(private readonly backend: BackendWasm) {}
  make(shape: number[], dtype: 'float32' | 'int32' = 'float32'): TensorInfo {
    const t = this.backend.makeOutput(shape, dtype)
    this.tensors.push(t)
    return t
  }
  free(): void {
    for (const t of this.tensors) this.backend.disposeData(t.dataId)
  }
}

/** Byte offsets of a filter's taps into an NHWC image of width `width` and C channels. */
export function tapOffsets(
  offsets: TensorInfo,
  backend: BackendWasm,
  [kh, kw, width, C]: readonly [number, number, number, number],
  channelsPerTap: number,
): void {
  const offs = backend.typedArrayFromHeap(offsets)
  if (!(offs instanceof Int32Array)) throw new Error('expected an int32 tensor')
  const rows = kh * kw * channelsPerTap
  // Row r = (fh, fw, c); rows past the filter (tile padding) read offset 0 and are cut.
  for (let r = 0; r < offs.length; r++) {
    const c = r % channelsPerTap
    const tap = (r - c) / channelsPerTap
    const fw = tap % kw
    const fh = (tap - fw) / kw
    offs[r] = r < rows ? ((fh * width + fw) * C + c) * 4 : 0
  }
}

/** [n, h, w, c] into the zero-padded frame [n, top + h + bottom, left + w + right, c]. */
export function padImages(
  src: Float32Array,
  dst: Float32Array,
  [n, h, w, c]: readonly [number, number, number, number],
  { top, bottom, left, right }: Pad,
): void {
  const rowLen = w * c
  const dstRow = (left + w + right) * c
  const dstImage = (top + h + bottom) * dstRow
  dst.fill(0)
  for (let b = 0; b < n; b++)
    for (let y = 0; y < h; y++) {
      const from = (b * h + y) * rowLen
      dst.set(src.subarray(from, from + rowLen), b * dstImage + (top + y) * dstRow + left * c)
    }
}

/** The tensor padded (a scratch copy), or itself when there is no padding. */
export function padded(
  backend: BackendWasm,
  scratch: Scratch,
  t: TensorInfo,
  shape: readonly [number, number, number, number],
  pad: Pad,
): TensorInfo {
  if (pad.top + pad.bottom + pad.left + pad.right === 0) return t
  const [n, h, w, c] = shape
  const out = scratch.make([n, pad.top + h + pad.bottom, pad.left + w + pad.right, c])
  padImages(f32(backend, t), f32(backend, out), shape, pad)
  return out
}

/** Rows of `width` values into rows of `wide` (the rest 0). */
export function widenRows(src: Float32Array, dst: Float32Array, width: number, wide: number): void {
  dst.fill(0)
  const rows = src.length / width
  for (let r = 0; r < rows; r++) dst.set(src.subarray(r * width, r * width + width), r * wide)
}

/** The first `width` values of each row of `wide` from src into dst. */
export function cutRows(src: Float32Array, dst: Float32Array, width: number, wide: number): void {
  const rows = dst.length / width
  for (let r = 0; r < rows; r++) dst.set(src.subarray(r * wide, r * wide + width), r * width)
}
