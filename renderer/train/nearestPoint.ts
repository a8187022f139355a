/**
 * The point of a plot nearest to the pointer, within `radius` pixels of it, or null. `xy` holds
 * each point's x, y in turn as fractions of the plot's size; the pointer (`px`, `py`) and `radius`
 * are in the pixels of a plot drawn `width` × `height`. Later points are drawn over earlier ones,
 * so of points at the same distance the last wins.
 */
export function nearestPoint(
  xy: readonly number[],
  px: number,
  py: number,
  width: number,
  height: number,
  radius: number,
): number | null {
  let best: number | null = null
  let bestD = radius * radius
  for (let i = 0; 2 * i + 1 < xy.length; i++) {
    const dx = (xy[2 * i] ?? 0) * width - px
    const dy = (xy[2 * i + 1] ?? 0) * height - py
    const d = dx * dx + dy * dy
    if (d <= bestD) {
      best = i
      bestD = d
    }
  }
  return best
}
