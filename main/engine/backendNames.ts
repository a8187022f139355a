/** Engine backends, fastest first; `auto` takes the first that works here. No tfjs import: the API contract uses these names. */
export const BACKENDS = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const
export type BackendName = (typeof BACKENDS)[number]
