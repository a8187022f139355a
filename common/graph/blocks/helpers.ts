import type { HandleDef, InputInfo } from '../block'
import { err, ok, type Result } from '../result'
import { fmtShape, type Shape } from '../shape'

/** Height, width and channels of an image input, all known. */
export interface ImageDims {
  readonly h: number
  readonly w: number
  readonly c: number
}

/** Checks that a block gets an image batch `[null, h, w, c]`. */
export function imageInput(label: string, x: InputInfo | undefined): Result<ImageDims> {
  if (!x) return err(`${label} has no input`)
  const [, h, w, c] = x.shape
  if (x.shape.length !== 4 || h == null || w == null || c == null) {
    const hint = x.shape.length === 2 ? '; add a Reshape to [height,width,channels]' : ''
    return err(
      `${label} needs images [batch,height,width,channels]: got ${fmtShape(x.shape)}${hint}`,
    )
  }
  return ok({ h, w, c })
}

/** Output length of a convolution or pooling window along one axis (Keras's conv_output_length). */
export function convLength(
  size: number,
  kernel: number,
  stride: number,
  padding: 'same' | 'valid',
): number {
  return padding === 'same' ? Math.ceil(size / stride) : Math.ceil((size - kernel + 1) / stride)
}

/** Output length of a transposed convolution along one axis (Keras's deconv_output_length). */
export function deconvLength(
  size: number,
  kernel: number,
  stride: number,
  padding: 'same' | 'valid',
): number {
  return padding === 'same' ? size * stride : size * stride + Math.max(kernel - stride, 0)
}

/** Rejects windows that leave no output, with the numbers that caused it. */
export function spatial(
  label: string,
  h: number,
  w: number,
  inShape: Shape,
): Result<[number, number]> {
  if (h < 1 || w < 1)
    return err(
      `${label} leaves no output (${h}x${w}) from ${fmtShape(inShape)}: use smaller kernels or strides, or padding 'same'`,
    )
  return ok([h, w])
}

/** Handles `in0 … in{n-1}` of a merge block. */
export function mergeHandles(n: number): readonly HandleDef[] {
  return Array.from({ length: n }, (_, i) => ({ id: `in${i}`, label: `input ${i + 1}` }))
}

/** Broadcast shape of element-wise merges (Add, Multiply): equal ranks, dims equal or 1. */
export function broadcastShapes(label: string, inputs: readonly InputInfo[]): Result<Shape> {
  const first = inputs[0]
  if (!first) return err(`${label} has no inputs`)
  const rank = first.shape.length
  const out = [...first.shape]
  for (const x of inputs.slice(1)) {
    if (x.shape.length !== rank)
      return err(
        `${label} needs inputs of the same rank: got ${inputs.map((i) => fmtShape(i.shape)).join(' and ')}`,
      )
    for (let i = 1; i < rank; i++) {
      const a = out[i] ?? null
      const b = x.shape[i] ?? null
      if (a === 1 || a === null) out[i] = a === null ? (b === 1 ? null : b) : b
      else if (b !== 1 && b !== null && a !== b)
        return err(
          `${label} shapes conflict: ${inputs.map((s) => fmtShape(s.shape)).join(' vs ')} (dims must match or be 1)`,
        )
    }
  }
  return ok(out)
}

/** An input whose last (feature) dimension is known, with that dimension. */
export function featureDim(
  label: string,
  x: InputInfo | undefined,
): Result<{ shape: Shape; c: number }> {
  if (!x) return err(`${label} has no input`)
  const c = x.shape[x.shape.length - 1]
  if (x.shape.length < 2 || c == null)
    return err(`${label} needs a known feature dimension: got ${fmtShape(x.shape)}`)
  return ok({ shape: x.shape, c })
}

/** Shape rule of blocks that keep their input's shape (dropout, noise, activations, regularizers). */
export function sameAsInput(label: string) {
  return ([x]: readonly InputInfo[]): Result<Shape> =>
    x ? ok(x.shape) : err(`${label} has no input`)
}
