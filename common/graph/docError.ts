/** A problem with a document, located by its path in the JSON, e.g. `nodes[3].params.units`. */
export interface DocError {
  readonly path: string
  readonly message: string
}

/** Renders a JSON path such as `['nodes', 3, 'params', 'units']` as `nodes[3].params.units`. */
export function fmtPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else out += out ? `.${String(key)}` : String(key)
  }
  return out || '(document)'
}

/** `path: message`, the one-line form users see. */
export const fmtDocError = (e: DocError): string => `${e.path}: ${e.message}`
