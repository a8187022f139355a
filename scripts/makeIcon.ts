/**
 * Draws the app icon (build/icon.png, 512×512): a grid of small squares that shade from noise in
 * one corner to a smooth gradient in the other, the denoising the app teaches. Deterministic.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PNG } from 'pngjs'

const SIZE = 512
const CELLS = 16
const png = new PNG({ width: SIZE, height: SIZE })
let seed = 42
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31
  return seed / 2 ** 31
}
const cell = SIZE / CELLS
const shades: number[] = []
for (let j = 0; j < CELLS; j++)
  for (let i = 0; i < CELLS; i++) {
    const t = (i + j) / (2 * CELLS - 2)
    shades.push((1 - t) * rand() + t * (0.25 + 0.7 * (i / (CELLS - 1))))
  }
for (let y = 0; y < SIZE; y++)
  for (let x = 0; x < SIZE; x++) {
    const o = (y * SIZE + x) * 4
    const r = SIZE * 0.18
    // A rounded square: transparent outside the corner radius.
    const dx = Math.max(r - x, x - (SIZE - 1 - r), 0)
    const dy = Math.max(r - y, y - (SIZE - 1 - r), 0)
    const inside = dx * dx + dy * dy <= r * r
    const gap = x % cell < 3 || y % cell < 3
    const v = shades[Math.floor(y / cell) * CELLS + Math.floor(x / cell)] ?? 0
    png.data[o] = gap ? 24 : Math.round(40 + 120 * v)
    png.data[o + 1] = gap ? 20 : Math.round(60 + 150 * v)
    png.data[o + 2] = gap ? 48 : Math.round(140 + 110 * v)
    png.data[o + 3] = inside ? 255 : 0
  }
writeFileSync(join(import.meta.dirname, '..', 'build', 'icon.png'), PNG.sync.write(png))
