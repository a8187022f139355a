import { PNG } from 'pngjs'
import { expect, test } from 'vitest'
import { latentMapPreview, principalAxes } from '../../../main/train/latentMap'

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
  const frame = latentMapPreview(2, codings, 4, 2, [0, 0, 1, 1], 64)
  const img = PNG.sync.read(Buffer.from(frame.png))
  const colours = new Set<string>()
  for (let i = 0; i < img.data.length; i += 4)
    colours.add(`${img.data[i]},${img.data[i + 1]},${img.data[i + 2]}`)
  expect([...colours].sort()).toEqual(['255,127,14', '255,255,255', '31,119,180'])
  expect(frame).toMatchObject({ name: 'latent-map', epoch: 2, width: 64, height: 64 })
})
