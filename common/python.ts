/** A Python literal for a JSON-like value (the Keras emitters' one way to write values). */
export function py(v: unknown): string {
  if (v === null || v === undefined) return 'None'
  if (typeof v === 'boolean') return v ? 'True' : 'False'
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'float("nan")'
  if (typeof v === 'string') return JSON.stringify(v)
  if (Array.isArray(v)) return `[${v.map(py).join(', ')}]`
  throw new Error(`no Python literal for ${typeof v}`)
}

/** A Python identifier for a node id (ids may hold "-" and "."). */
export const pyName = (id: string) => `l_${id.replace(/[^A-Za-z0-9_]/g, '_')}`

/** The Keras name of one of the recipes' losses. */
export const pyLoss = (l: 'mse' | 'bce' | 'huber') =>
  l === 'bce' ? '"binary_crossentropy"' : l === 'huber' ? '"huber"' : '"mse"'
