import { gunzipSync } from 'node:zlib'
import { err, ok, type Result } from '../../common/graph/result'

/** An IDX array of unsigned bytes (the MNIST family's image and label files). */
export interface IdxArray {
  readonly dims: readonly number[]
  readonly data: Uint8Array
}

const UBYTE = 0x08
/** The largest IDX file read (after gunzip): 16× Fashion-MNIST's training images. */
export const MAX_IDX_BYTES = 768 * 2 ** 20

/** Parses an IDX file, gunzipping it first when it starts with the gzip magic. Damage is an error value. */
export function parseIdx(bytes: Uint8Array, name: string): Result<IdxArray> {
  let buf = bytes
  if (buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      // Bounded: a small gzip bomb must not expand to gigabytes (the full training set is 47 MB).
      buf = gunzipSync(buf, { maxOutputLength: MAX_IDX_BYTES })
    } catch (e) {
      return err(`${name} is a damaged gzip file (${e instanceof Error ? e.message : String(e)})`)
    }
  }
  if (buf.length < 4 || buf[0] !== 0 || buf[1] !== 0)
    return err(`${name} is not an IDX file (wrong magic number)`)
  if (buf[2] !== UBYTE)
    return err(
      `${name} holds IDX type 0x${(buf[2] ?? 0).toString(16)}; only unsigned bytes (0x08) are supported`,
    )
  const rank = buf[3] ?? 0
  if (rank < 1 || rank > 4) return err(`${name} has ${rank} dimensions; expected 1 to 4`)
  const header = 4 + 4 * rank
  if (buf.length < header) return err(`${name} is truncated inside its header`)
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i))
  const size = dims.reduce((a, b) => a * b, 1)
  if (buf.length - header < size)
    return err(
      `${name} is truncated: its header promises ${size} values, the file holds ${buf.length - header}`,
    )
  return ok({ dims, data: buf.subarray(header, header + size) })
}

/** Writes unsigned bytes as an (uncompressed) IDX file. */
export function encodeIdx(dims: readonly number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length)
  const view = new DataView(out.buffer)
  out[2] = UBYTE
  out[3] = dims.length
  dims.forEach((d, i) => {
    view.setUint32(4 + 4 * i, d)
  })
  out.set(data, 4 + 4 * dims.length)
  return out
}
