import { TSNE } from '@keckelt/tsne'
import { PNG } from 'pngjs'
import { PALETTE } from '../train/latentMap'
import { encodePng } from '../train/preview'

/** The t-SNE settings: the library’s defaults (perplexity 30, learning rate 10), 500 iterations (about 4 s for 500 points here). */
const TSNE_OPTIONS = { perplexity: 30, epsilon: 10, dim: 2 } as const
const ITERATIONS = 500

/** The library's solution, checked: n points of 2 finite numbers. */
function solutionOf(tsne: TSNE, n: number): [number, number][] {
  const raw: unknown = tsne.getSolution()
  if (!Array.isArray(raw) || raw.length !== n) throw new Error('t-SNE gave no solution')
  return raw.map((p: unknown) => {
    if (!Array.isArray(p)) throw new Error('t-SNE gave a malformed point')
    const [x, y] = p as unknown[]
    if (typeof x !== 'number' || typeof y !== 'number')
      throw new Error('t-SNE gave a malformed point')
    return [x, y]
  })
}

/**
 * A 2-D t-SNE embedding of the points (exact t-SNE, tsnejs's algorithm: O(n²) per iteration, so
 * for a few hundred points). The initial layout is random, where the book's scikit-learn call
 * starts from PCA; the picture is the same kind.
 */
export function tsneEmbedding(points: readonly (readonly number[])[]): [number, number][] {
  const tsne = new TSNE(TSNE_OPTIONS)
  tsne.initDataRaw(points.map((p) => [...p]))
  for (let i = 0; i < ITERATIONS; i++) tsne.step()
  return solutionOf(tsne, points.length)
}

/**
 * The chapter's picture of an autoencoder's codings: the t-SNE embedding as a scatter plot, one
 * colour per class, with some of the images drawn (dark on white) where they landed, none over
 * another. `images` are n tiles of h×w grey values in [0, 1].
 */
export function tsnePicture(
  xy: readonly (readonly [number, number])[],
  labels: ArrayLike<number> | null,
  images: Float32Array,
  tile: readonly [number, number],
  size = 480,
): { png: Uint8Array; width: number; height: number } {
  const [h, w] = tile
  const img = new PNG({ width: size, height: size })
  img.data.fill(255)
  const xs = xy.map((p) => p[0])
  const ys = xy.map((p) => p[1])
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)]
  const margin = Math.max(h, w) / 2 + 2
  const at = (v: number, lo: number, hi: number) =>
    margin + ((v - lo) / (hi - lo || 1)) * (size - 2 * margin)
  const place = xy.map(
    ([x, y]) => [Math.round(at(x, x0, x1)), Math.round(size - at(y, y0, y1))] as const,
  )
  const set = (px: number, py: number, rgb: readonly [number, number, number]) => {
    if (px >= 0 && py >= 0 && px < size && py < size)
      img.data.set([...rgb, 255], (py * size + px) * 4)
  }
  place.forEach(([cx, cy], i) => {
    const colour = PALETTE[(labels?.[i] ?? 0) % PALETTE.length] ?? [0, 0, 0]
    for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) set(cx + dx, cy + dy, colour)
  })
  // Thumbnails where there is room, as the book does (images closer than a tile are skipped).
  const drawn: (readonly [number, number])[] = []
  place.forEach(([cx, cy], i) => {
    if (drawn.some(([dx, dy]) => Math.abs(dx - cx) < w + 2 && Math.abs(dy - cy) < h + 2)) return
    drawn.push([cx, cy])
    const colour = PALETTE[(labels?.[i] ?? 0) % PALETTE.length] ?? [0, 0, 0]
    for (let y = -1; y <= h; y++)
      for (let x = -1; x <= w; x++) {
        const px = cx - Math.floor(w / 2) + x
        const py = cy - Math.floor(h / 2) + y
        if (y < 0 || x < 0 || y === h || x === w) set(px, py, colour)
        else {
          const v = Math.round(
            255 * (1 - Math.min(1, Math.max(0, images[(i * h + y) * w + x] ?? 0))),
          )
          set(px, py, [v, v, v])
        }
      }
  })
  return { png: encodePng(img, true), width: size, height: size }
}
