import { expect, test } from 'vitest'
import { nearestPoint } from '../../../renderer/train/nearestPoint'
import { previewBox } from '../../../renderer/train/previewBox'

test('the point under the pointer is the nearest within reach, on a plot drawn at any size', () => {
  const xy = [0.1, 0.1, 0.5, 0.5, 0.52, 0.5]
  // Drawn 200 px square: (100, 100) is point 1; (103, 100) is nearer point 2 (at 104).
  expect(nearestPoint(xy, 100, 100, 200, 200, 8)).toBe(1)
  expect(nearestPoint(xy, 103, 100, 200, 200, 8)).toBe(2)
  expect(nearestPoint(xy, 21, 19, 200, 200, 8)).toBe(0)
  // Nothing within 8 px of an empty spot.
  expect(nearestPoint(xy, 150, 30, 200, 200, 8)).toBeNull()
  // Drawn 400 × 100: the same fractions, other pixels.
  expect(nearestPoint(xy, 40, 10, 400, 100, 8)).toBe(0)
  expect(nearestPoint(xy, 20, 20, 400, 100, 8)).toBeNull()
})

test('preview grids grow with the dock, within its share of the column', () => {
  const column = { width: 1000, height: 700 }
  const small = previewBox(300, column)
  const tall = previewBox(450, column)
  expect(small).toEqual({ height: 150, width: 960 })
  expect(tall.height).toBe(300)
  // A dock dragged past 70% of its column is shown at 70%: the grids fit what is shown.
  expect(previewBox(900, column).height).toBe(0.7 * 700 - 150)
  // Never smaller than a readable thumbnail.
  expect(previewBox(120, column).height).toBe(96)
})
