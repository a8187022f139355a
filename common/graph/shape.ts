/** One dimension of a tensor shape; `null` is the batch (or any unknown) dimension. */
export type Dim = number | null
/** A tensor shape with the batch dimension first, e.g. `[null, 28, 28, 1]`. */
export type Shape = readonly Dim[]

/** Formats a shape the way messages show it: `[null,7,7,64]`. */
export function fmtShape(shape: Shape | undefined): string {
  if (!shape) return '(unknown)'
  return `[${shape.map((d) => (d === null ? 'null' : String(d))).join(',')}]`
}

/** Formats a shape as Keras's `model.summary()` writes it: `(None, 7, 7, 64)`, `(None, 10)`. */
export function fmtKerasShape(shape: Shape | undefined): string {
  if (!shape) return '(unknown)'
  const dims = shape.map((d) => (d === null ? 'None' : String(d)))
  return `(${dims.join(', ')}${dims.length === 1 ? ',' : ''})`
}

/** Number of values per example (every dim after the batch), or null when one is unknown. */
export function exampleSize(shape: Shape): number | null {
  let size = 1
  for (const d of shape.slice(1)) {
    if (d === null) return null
    size *= d
  }
  return size
}

/** True when both shapes have the same rank and dims. */
export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i])
}

/** The last dimension of a shape (channels or features). */
export function lastDim(shape: Shape): Dim {
  return shape.length === 0 ? null : (shape[shape.length - 1] ?? null)
}
