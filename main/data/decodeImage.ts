import jpeg from 'jpeg-js'
import { PNG } from 'pngjs'
import { err, ok, type Result } from '../../common/graph/result'

/** A decoded image as RGBA bytes. */
export interface Rgba {
  readonly width: number
  readonly height: number
  readonly data: Uint8Array
}

const MAX_PIXELS = 50_000_000

/** Decodes a PNG or JPEG by its magic bytes; anything else or a damaged file is an error value. */
export function decodeImage(bytes: Uint8Array, name: string): Result<Rgba> {
  try {
    if (bytes[0] === 0x89 && bytes[1] === 0x50) {
      // The header's size, checked before pngjs allocates width × height × 4 bytes for it.
      const size = pngSize(bytes)
      if (size && size.width * size.height > MAX_PIXELS)
        return err(
          `${name} claims ${size.width}×${size.height} pixels (limit ${MAX_PIXELS / 1e6} million)`,
        )
      const png = PNG.sync.read(Buffer.from(bytes))
      return ok({ width: png.width, height: png.height, data: png.data })
    }
    if (bytes[0] === 0xff && bytes[1] === 0xd8) {
      const img = jpeg.decode(bytes, {
        useTArray: true,
        formatAsRGBA: true,
        maxResolutionInMP: MAX_PIXELS / 1e6,
        maxMemoryUsageInMB: 512,
      })
      return ok({ width: img.width, height: img.height, data: img.data })
    }
    return err(`${name} is neither a PNG nor a JPEG image`)
  } catch (e) {
    return err(`${name} is a damaged image (${e instanceof Error ? e.message : String(e)})`)
  }
}

/** Width and height from a PNG's IHDR chunk, when the file is long enough to hold it. */
function pngSize(bytes: Uint8Array): { width: number; height: number } | null {
  if (bytes.length < 24) return null
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return { width: view.getUint32(16), height: view.getUint32(20) }
}

/** Resizes bilinearly to h×w and converts to 1 (luminance) or 3 (RGB) channels, writing into `out` at `offset`. */
export function resizeInto(
  img: Rgba,
  h: number,
  w: number,
  channels: 1 | 3,
  out: Uint8Array,
  offset: number,
): void {
  const sy = img.height / h
  const sx = img.width / w
  for (let y = 0; y < h; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), img.height - 1)
    const y0 = Math.floor(fy)
    const y1 = Math.min(y0 + 1, img.height - 1)
    const dy = fy - y0
    for (let x = 0; x < w; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), img.width - 1)
      const x0 = Math.floor(fx)
      const x1 = Math.min(x0 + 1, img.width - 1)
      const dx = fx - x0
      const px = (yy: number, xx: number, c: number) => img.data[(yy * img.width + xx) * 4 + c] ?? 0
      const sample = (c: number) =>
        (px(y0, x0, c) * (1 - dx) + px(y0, x1, c) * dx) * (1 - dy) +
        (px(y1, x0, c) * (1 - dx) + px(y1, x1, c) * dx) * dy
      const o = offset + (y * w + x) * channels
      if (channels === 1)
        out[o] = Math.round(0.299 * sample(0) + 0.587 * sample(1) + 0.114 * sample(2))
      else for (let c = 0; c < 3; c++) out[o + c] = Math.round(sample(c))
    }
  }
}
