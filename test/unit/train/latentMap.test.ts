import { PNG } from 'pngjs'
import { expect, test } from 'vitest'
import {
  codingsAt,
  latentMapPreview,
  pointSheet,
  principalAxes,
} from '../../../main/train/latentMap'

test('principal axes of points spread along a known direction', () => {
  // 200 points along (3, 4, 0)/5 with small noise along (0, 0, 1).
  const n = 200
  const pts = new Float32Array(n * 3)
  for (let i = 0; i < n; i++) {
    const t = i / n - 0.5
    pts.set([3 * t, 4 * t, 0.05 * Math.sin(i)], i * 3)
  }
  const [first, second] = principalAxes(pts, n, 3)
  expect(Math.abs(first[0] ?? 0)).toBeCloseTo(0.6, 3)
  expect(Math.abs(first[1] ?? 0)).toBeCloseTo(0.8, 3)
  expect(Math.abs(second[2] ?? 0)).toBeCloseTo(1, 3)
})

test('the latent map draws each class in its own colour', () => {
  const codings = Float32Array.from([0, 0, 1, 1, 10, 10, 11, 11])
  const frame = latentMapPreview(
    2,
    codings,
    4,
    2,
    [0, 0, 1, 1],
    ['T-shirt/top', 'Trouser', 'Bag'],
    undefined,
    64,
  )
  const img = PNG.sync.read(Buffer.from(frame.png))
  const colours = new Set<string>()
  for (let i = 0; i < img.data.length; i += 4)
    colours.add(`${img.data[i]},${img.data[i + 1]},${img.data[i + 2]}`)
  expect([...colours].sort()).toEqual(['255,127,14', '255,255,255', '31,119,180'])
  expect(frame).toMatchObject({ name: 'latent-map', epoch: 2, width: 64, height: 64 })
  // Its legend names the classes drawn, in the colours drawn (no Bag: none of its points here).
  expect(frame.labels?.legend).toEqual([
    { colour: 'rgb(31, 119, 180)', label: 'T-shirt/top' },
    { colour: 'rgb(255, 127, 14)', label: 'Trouser' },
  ])
})

test('each point of the latent map says where it is drawn, its class and its image', () => {
  const codings = Float32Array.from([0, 0, 1, 3, 10, 10, 11, -2, 5, 5])
  const n = 5
  // Image i is 3×2 pixels, all of value i / 4 (0–1 range).
  const values = Float32Array.from({ length: n * 6 }, (_, k) => Math.floor(k / 6) / 4)
  const images = pointSheet(n, { values, shape: [3, 2, 1], range: 'unit' })
  const frame = latentMapPreview(1, codings, n, 2, [0, 1, 0, 1, 1], ['Top', 'Trouser'], images)
  const points = frame.points
  if (!points?.images) throw new Error('no point images')
  expect(points.classes).toEqual(['Top', 'Trouser', 'Top', 'Trouser', 'Trouser'])
  const plot = PNG.sync.read(Buffer.from(frame.png))
  const colourAt = (fx: number, fy: number) => {
    const o = (Math.round(fy * plot.height) * plot.width + Math.round(fx * plot.width)) * 4
    return [plot.data[o], plot.data[o + 1], plot.data[o + 2]]
  }
  for (let i = 0; i < n; i++) {
    // The point's place is on a dot of its class's colour.
    const fx = points.xy[2 * i] ?? -1
    const fy = points.xy[2 * i + 1] ?? -1
    expect(colourAt(fx, fy)).toEqual(i === 0 || i === 2 ? [31, 119, 180] : [255, 127, 14])
  }
  // Tile i of the sheet is image i.
  const { tile, columns } = points.images
  expect(tile).toEqual({ width: 2, height: 3 })
  const sheet = PNG.sync.read(Buffer.from(points.images.png))
  for (let i = 0; i < n; i++) {
    const x = (i % columns) * (tile.width + 1) + 1
    const y = Math.floor(i / columns) * (tile.height + 1) + 1
    expect(sheet.data[(y * sheet.width + x) * 4]).toBe(Math.round((i / 4) * 255))
  }
})

test('a point of the latent map decodes from codings that project back onto that point', () => {
  // Points in 3-D spread mostly over a plane; the map shows them on their two principal axes.
  const n = 50
  const d = 3
  const codings = new Float32Array(n * d)
  for (let i = 0; i < n; i++) codings.set([Math.cos(i), 2 * Math.sin(i * 1.3), 0.01 * i], i * d)
  const size = 100
  const { projection } = latentMapPreview(1, codings, n, d, null, [], undefined, size)
  if (!projection) throw new Error('no projection')
  const dot = (a: readonly number[], b: readonly number[]) =>
    a.reduce((s, x, j) => s + x * (b[j] ?? 0), 0)
  const [x0, x1] = projection.xRange
  const [y0, y1] = projection.yRange
  for (const [fx, fy] of [
    [0.5, 0.5],
    [0.1, 0.9],
    [0.95, 0.2],
  ] as const) {
    const z = codingsAt(projection, size, fx, fy)
    expect(z).toHaveLength(d)
    // Back onto the map: the same fractions of the image (y grows downwards there).
    const px = (dot(z, projection.u) - x0) / (x1 - x0)
    const py = (dot(z, projection.v) - y0) / (y1 - y0)
    const inner = (size - 2 * projection.margin) / size
    expect(projection.margin / size + px * inner).toBeCloseTo(fx, 6)
    expect(1 - (projection.margin / size + py * inner)).toBeCloseTo(fy, 6)
  }
})
