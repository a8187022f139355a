/**
 * JSON for the browser-mode socket with binary kept: a Uint8Array (preview PNGs) travels as
 * `{"$bytes": base64}` and comes back as a Uint8Array. Pure: the renderer uses it too.
 */
const TAG = '$bytes'

function toBase64(bytes: Uint8Array): string {
  let s = ''
  for (let i = 0; i < bytes.length; i += 0x8000)
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(s)
}

function fromBase64(text: string): Uint8Array {
  const s = atob(text)
  const out = new Uint8Array(s.length)
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i)
  return out
}

/** Serialises a message; byte arrays become tagged base64. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v instanceof Uint8Array ? { [TAG]: toBase64(v) } : v,
  )
}

/** Parses a message serialised by toJson (throws on malformed JSON, like JSON.parse). */
export function fromJson(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) =>
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    Object.keys(v).length === 1 &&
    typeof (v as Record<string, unknown>)[TAG] === 'string'
      ? fromBase64((v as Record<string, string>)[TAG] ?? '')
      : v,
  )
}
