import type { Curves } from '../store/runStore'

/** A CSV field: quoted when it holds a comma, a quote or a line break. */
const field = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)

/**
 * A run's curves as CSV, one row per point: its phase, whether it ends an epoch, its x (epochs,
 * fractional between batches) and every metric (empty where the point has none).
 */
export function curvesCsv(curves: Curves): string {
  const metrics = Object.keys(curves.series)
  const rows = [['phase', 'point', 'epoch', ...metrics].map(field).join(',')]
  curves.x.forEach((x, i) => {
    const values = metrics.map((m) => {
      const v = curves.series[m]?.[i]
      return v === null || v === undefined ? '' : String(v)
    })
    rows.push(
      [
        field(curves.phase[i] ?? ''),
        curves.atEpoch[i] ? 'epoch' : 'batch',
        String(x),
        ...values,
      ].join(','),
    )
  })
  return `${rows.join('\n')}\n`
}

/** Saves text as a file through the browser's download (the engine is not needed). */
export function downloadText(name: string, text: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.click()
  setTimeout(() => {
    URL.revokeObjectURL(url)
  }, 1000)
}
