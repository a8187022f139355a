import { PNG } from 'pngjs'
import type { LatentProjection, PlotPoints, PreviewFrame, PreviewLabels } from '../../common/events'
import type { PixelRange } from '../../common/graph/pixelRange'
import { encodePng, gridPng } from './preview'

/** Ten distinguishable colours (matplotlib's tab10), one per class. */
export const PALETTE: readonly (readonly [number, number, number])[] = [
  [31, 119, 180],
  [255, 127, 14],
  [44, 160, 44],
  [214, 39, 40],
  [148, 103, 189],
  [140, 86, 75],
  [227, 119, 194],
  [127, 127, 127],
  [188, 189, 34],
  [23, 190, 207],
]

/**
 * The top two principal axes of n×d points: power iteration on the centred data (Xᵀ(Xv), 2·n·d per
 * step instead of a d×d covariance), stopping once the axis settles, then the same on the data
 * with the first axis projected out.
 */
export function principalAxes(
  points: Float32Array,
  n: number,
  d: number,
): [Float64Array, Float64Array] {
  const x = new Float64Array(n * d)
  for (let j = 0; j < d; j++) {
    let mean = 0
    for (let i = 0; i < n; i++) mean += points[i * d + j] ?? 0
    mean /= Math.max(1, n)
    for (let i = 0; i < n; i++) x[i * d + j] = (points[i * d + j] ?? 0) - mean
  }
  const proj = new Float64Array(n)
  const axis = (): Float64Array => {
    let v = Float64Array.from({ length: d }, (_, i) => 1 / Math.sqrt(d) + i * 1e-3)
    for (let it = 0; it < 500; it++) {
      for (let i = 0; i < n; i++) {
        let sum = 0
        for (let j = 0; j < d; j++) sum += (x[i * d + j] ?? 0) * (v[j] ?? 0)
        proj[i] = sum
      }
      const w = new Float64Array(d)
      for (let i = 0; i < n; i++) {
        const p = proj[i] ?? 0
        for (let j = 0; j < d; j++) w[j] = (w[j] ?? 0) + (x[i * d + j] ?? 0) * p
      }
      let norm = 0
      for (let j = 0; j < d; j++) norm += (w[j] ?? 0) ** 2
      norm = Math.sqrt(norm) || 1
      let agree = 0
      for (let j = 0; j < d; j++) {
        w[j] = (w[j] ?? 0) / norm
        agree += (w[j] ?? 0) * (v[j] ?? 0)
      }
      v = w
      if (1 - Math.abs(agree) < 1e-12) break
    }
    return v
  }
  const first = axis()
  // Project the first axis out of the data; the second axis is the first of what remains.
  for (let i = 0; i < n; i++) {
    let p = 0
    for (let j = 0; j < d; j++) p += (x[i * d + j] ?? 0) * (first[j] ?? 0)
    for (let j = 0; j < d; j++) x[i * d + j] = (x[i * d + j] ?? 0) - p * (first[j] ?? 0)
  }
  return [first, axis()]
}

/** The codings at a point of a latent map, given as fractions (0–1) of its width and height from the top left. */
export function codingsAt(p: LatentProjection, size: number, fx: number, fy: number): number[] {
  const t = (f: number, [lo, hi]: readonly [number, number]) =>
    lo + ((f * size - p.margin) / (size - 2 * p.margin)) * (hi - lo)
  const x = t(fx, p.xRange)
  const y = t(1 - fy, p.yRange)
  const dot = (a: readonly number[]) => p.mean.reduce((s, m, j) => s + m * (a[j] ?? 0), 0)
  const [du, dv] = [x - dot(p.u), y - dot(p.v)]
  return p.mean.map((m, j) => m + du * (p.u[j] ?? 0) + dv * (p.v[j] ?? 0))
}

/** A scatter plot drawn as a PNG: what it looks like and the data ranges its edges stand for. */
interface Scatter {
  readonly img: PNG
  readonly xRange: readonly [number, number]
  readonly yRange: readonly [number, number]
  readonly margin: number
  /** Each point's x, y in pixels from the top left, in turn. */
  readonly at: Float64Array
}

/**
 * Draws points (x right, y up) on a white square, one colour per class, scaled to fill it; with
 * `sameScale` both axes keep one scale (the shorter range widened about its middle).
 */
function drawScatter(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  labels: ArrayLike<number> | null,
  size: number,
  sameScale = false,
): Scatter {
  const range = (a: ArrayLike<number>) =>
    [Math.min(...Array.from(a)), Math.max(...Array.from(a))] as const
  const widen = ([lo, hi]: readonly [number, number], span: number) =>
    [(lo + hi) / 2 - span / 2, (lo + hi) / 2 + span / 2] as const
  const span = Math.max(...[range(xs), range(ys)].map(([lo, hi]) => hi - lo))
  const [x0, x1] = sameScale ? widen(range(xs), span) : range(xs)
  const [y0, y1] = sameScale ? widen(range(ys), span) : range(ys)
  const img = new PNG({ width: size, height: size })
  img.data.fill(255)
  const margin = 6
  const scale = (t: number, lo: number, hi: number) =>
    margin + ((t - lo) / (hi - lo || 1)) * (size - 2 * margin)
  const at = new Float64Array(xs.length * 2)
  for (let i = 0; i < xs.length; i++) {
    const cx = Math.round(scale(xs[i] ?? 0, x0, x1))
    const cy = Math.round(size - scale(ys[i] ?? 0, y0, y1))
    at[2 * i] = cx
    at[2 * i + 1] = cy
    const [r, g, b] = PALETTE[(labels?.[i] ?? 0) % PALETTE.length] ?? [0, 0, 0]
    for (let dy = -1; dy <= 1; dy++)
      for (let dx = -1; dx <= 1; dx++) {
        const px = cx + dx
        const py = cy + dy
        if (px < 0 || py < 0 || px >= size || py >= size) continue
        img.data.set([r, g, b, 255], (py * size + px) * 4)
      }
  }
  return { img, xRange: [x0, x1], yRange: [y0, y1], margin, at }
}

/** The images a plot's points stand for: n images [h, w, c] (c 1 or 3) in `range`, in turn. */
export interface PointImages {
  readonly values: Float32Array
  readonly shape: readonly [number, number, number]
  readonly range: PixelRange
}

/** Tiles per row of a plot's point images (a 256-point map: a 16 × 16 sheet, 449 px square). */
const SHEET_COLUMNS = 16

/** A plot's point images as one sheet of tiles (what `PlotPoints.images` holds). */
export function pointSheet(n: number, images: PointImages): NonNullable<PlotPoints['images']> {
  const [h, w, c] = images.shape
  const sheet = gridPng(images.values, n, h, w, c, images.range, Math.min(n, SHEET_COLUMNS))
  return { png: sheet.png, tile: { width: w, height: h }, columns: sheet.grid.columns }
}

/** Where a plot's points are, as fractions of its size, with their classes and images. */
function plotPoints(
  at: Float64Array,
  size: number,
  labels: ArrayLike<number> | null,
  classNames: readonly string[],
  images: PlotPoints['images'],
): PlotPoints {
  const n = at.length / 2
  const classes =
    labels && classNames.length
      ? Array.from({ length: n }, (_, i) => classNames[labels[i] ?? 0] ?? String(labels[i]))
      : null
  return {
    xy: Array.from(at, (p) => Number((p / size).toFixed(4))),
    ...(classes ? { classes } : {}),
    ...(images ? { images } : {}),
  }
}

/**
 * A scatter plot of the codings projected on their two principal axes, one colour per class, with
 * each point's place, class and image (`images`: see pointSheet) for hovering.
 */
export function latentMapPreview(
  epoch: number,
  codings: Float32Array,
  n: number,
  d: number,
  labels: ArrayLike<number> | null,
  classNames: readonly string[] = [],
  images?: PlotPoints['images'],
  size = 200,
): PreviewFrame {
  const [u, v] = d >= 2 ? principalAxes(codings, n, d) : [Float64Array.of(1), Float64Array.of(0)]
  const xs = new Float64Array(n)
  const ys = new Float64Array(n)
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) {
      xs[i] = (xs[i] ?? 0) + (codings[i * d + j] ?? 0) * (u[j] ?? 0)
      ys[i] = (ys[i] ?? 0) + (codings[i * d + j] ?? 0) * (v[j] ?? 0)
    }
  const { img, xRange, yRange, margin, at } = drawScatter(xs, ys, labels, size)
  const mean = Array.from({ length: d }, (_, j) => {
    let sum = 0
    for (let i = 0; i < n; i++) sum += codings[i * d + j] ?? 0
    return sum / Math.max(1, n)
  })
  return {
    type: 'preview',
    epoch,
    name: 'latent-map',
    width: size,
    height: size,
    png: encodePng(img, true),
    projection: { mean, u: [...u], v: [...v], xRange: [...xRange], yRange: [...yRange], margin },
    points: plotPoints(at, size, labels, classNames, images),
    ...(labels && classNames.length ? { labels: { legend: classLegend(labels, classNames) } } : {}),
  }
}

/** The classes a plot's points belong to, each with its colour, in class order. */
export function classLegend(
  labels: ArrayLike<number>,
  classNames: readonly string[],
): { colour: string; label: string }[] {
  const present = new Set(Array.from(labels))
  return classNames.flatMap((label, i) => {
    const [r, g, b] = PALETTE[i % PALETTE.length] ?? [0, 0, 0]
    return present.has(i)
      ? [{ colour: `rgb(${String(r)}, ${String(g)}, ${String(b)})`, label }]
      : []
  })
}

/**
 * Two-dimensional codings as they are (coding 0 across, coding 1 up), as the chapter plots the
 * linear autoencoder's: the 2-D projection it learned. The stats give the ranges plotted.
 */
export function codingsPlanePreview(
  epoch: number,
  codings: Float32Array,
  n: number,
  size = 200,
): PreviewFrame {
  const xs = Float64Array.from({ length: n }, (_, i) => codings[i * 2] ?? 0)
  const ys = Float64Array.from({ length: n }, (_, i) => codings[i * 2 + 1] ?? 0)
  const { img, xRange, yRange } = drawScatter(xs, ys, null, size, true)
  return {
    type: 'preview',
    epoch,
    name: 'codings',
    width: size,
    height: size,
    png: encodePng(img, true),
    stats: { xMin: xRange[0], xMax: xRange[1], yMin: yRange[0], yMax: yRange[1] },
  }
}

/** The chapter's semantic interpolation: how far each axis is swept, and in how many steps. */
export const SWEEP = { extent: 0.8, steps: 7, maxAxes: 16 } as const

/** The labels of a semantic-interpolation grid: a row per axis, a column per value. */
export function sweepLabels(axes: number): PreviewLabels {
  return {
    caption: 'all codings 0 but one axis, swept from −0.8 to 0.8',
    rows: Array.from({ length: axes }, (_, i) => `axis ${String(i + 1)}`),
    columns: Array.from({ length: SWEEP.steps }, (_, i) =>
      String(Number((-SWEEP.extent + (2 * SWEEP.extent * i) / (SWEEP.steps - 1)).toFixed(2))),
    ),
  }
}

/**
 * Codings for semantic interpolation (the chapter's): for each of the first `axes` latent axes a
 * row of `steps` codings, all 0 but that axis, swept evenly from −extent to +extent. Row-major:
 * axis by axis, `dims` values per coding.
 */
export function axisSweep(
  dims: number,
  axes = Math.min(dims, SWEEP.maxAxes),
  steps: number = SWEEP.steps,
  extent: number = SWEEP.extent,
): Float32Array {
  const out = new Float32Array(axes * steps * dims)
  for (let a = 0; a < axes; a++)
    for (let s = 0; s < steps; s++)
      out[(a * steps + s) * dims + a] = steps > 1 ? -extent + (2 * extent * s) / (steps - 1) : 0
  return out
}
