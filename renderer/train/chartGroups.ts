import type { Curves } from '../store/runStore'

/** One chart of the dashboard: a title and the metrics it draws. */
export interface ChartSpec {
  readonly id: string
  readonly title: string
  readonly metrics: readonly string[]
}

/** Metrics a learner reads side by side, whatever else the run logs. */
const TOGETHER: readonly (readonly string[])[] = [
  ['dLoss', 'gLoss'],
  ['dReal', 'dFake'],
  ['fid', 'fid_floor'],
]

/** Titles of the metrics the recipes log; any other metric is titled by its name. */
const TITLES: Readonly<Record<string, string>> = {
  loss: 'Loss',
  reconstruction: 'Reconstruction loss',
  latent: 'Latent loss (KL divergence)',
  dLoss: 'Discriminator and generator losses',
  dReal: 'D(real) and D(fake): the discriminator’s mean output',
  fid: 'FID of generated images (lower is better)',
  accuracy: 'Accuracy',
  diversity: 'Sample diversity (share of the real images’)',
}

/** Where a family's chart goes: the loss a run minimises first, sample quality last. */
const RANK: Readonly<Record<string, number>> = { loss: 0, dLoss: 0, accuracy: 1, fid: 3 }

/** The metric a series belongs to: validation (`val_`) and from-scratch (`scratch_`) runs of it share its chart. */
export function baseMetric(key: string): string {
  return key.replace(/^val_/, '').replace(/^scratch_/, '')
}

/**
 * The charts for a run's metrics (the loss first, FID last, the others in the order they first
 * appear): each metric with its validation
 * and from-scratch curves, and the pairs read together (the GAN's two losses, D(real) and D(fake),
 * FID and its floor) on one chart. A chart per scale, so a first-epoch spike of one loss never
 * flattens another.
 */
export function chartGroups(metrics: readonly string[]): ChartSpec[] {
  const charts: ChartSpec[] = []
  const placed = new Set<string>()
  for (const key of metrics) {
    if (placed.has(key)) continue
    const base = baseMetric(key)
    const bases = TOGETHER.find((g) => g.includes(base)) ?? [base]
    const members = metrics.filter((m) => bases.includes(baseMetric(m)))
    for (const m of members) placed.add(m)
    const first = bases[0] ?? base
    charts.push({ id: bases.join('+'), title: TITLES[first] ?? first, metrics: members })
  }
  const rank = (c: ChartSpec) => RANK[c.id.split('+')[0] ?? ''] ?? 2
  return charts.sort((a, b) => rank(a) - rank(b))
}

/** The phases a run's points belong to, in the order they ran. */
export function phasesOf(curves: Curves): string[] {
  return [...new Set(curves.phase)]
}

/** One drawn line: a metric's per-batch values, or its per-epoch ones. */
export interface ChartSeries {
  readonly metric: string
  readonly perEpoch: boolean
  readonly values: (number | null)[]
}

/**
 * What a chart draws for one phase: its x (epochs, fractional between batches) and, per metric,
 * the per-batch values as one series and the per-epoch values as another (validation metrics exist
 * only per epoch).
 */
export function chartData(
  curves: Curves,
  spec: ChartSpec,
  phase: string,
): { x: number[]; series: ChartSeries[] } {
  const rows = curves.x.flatMap((_, i) => (curves.phase[i] === phase ? [i] : []))
  const x = rows.map((i) => curves.x[i] ?? 0)
  const series: ChartSeries[] = []
  for (const metric of spec.metrics) {
    const all = curves.series[metric] ?? []
    const at = (epoch: boolean) =>
      rows.map((i) => (curves.atEpoch[i] === epoch ? (all[i] ?? null) : null))
    const batch = at(false)
    if (batch.some((v) => v !== null)) series.push({ metric, perEpoch: false, values: batch })
    const epoch = at(true)
    if (epoch.some((v) => v !== null)) series.push({ metric, perEpoch: true, values: epoch })
  }
  return { x, series }
}

/** Whether every value drawn is positive, so the chart may use a log scale. */
export function allPositive(series: readonly ChartSeries[]): boolean {
  let any = false
  for (const s of series)
    for (const v of s.values) {
      if (v === null) continue
      if (v <= 0) return false
      any = true
    }
  return any
}

/** One run's curves in a comparison, named as its legend shows it. */
export interface NamedCurves {
  readonly name: string
  readonly curves: Curves
}

/**
 * The comparison's charts: for each metric family of the runs, the family's main metric (its
 * validation curve where there is one) per epoch of each run's last phase, one series per run on
 * the same epochs.
 */
export function overlayData(
  runs: readonly NamedCurves[],
): { spec: ChartSpec; x: number[]; series: ChartSeries[] }[] {
  const keys = [...new Set(runs.flatMap((r) => Object.keys(r.curves.series)))]
  const epochRows = (c: Curves) => {
    const last = phasesOf(c).at(-1)
    return c.x.flatMap((_, i) => (c.atEpoch[i] && c.phase[i] === last ? [i] : []))
  }
  const epochs = Math.max(0, ...runs.map((r) => epochRows(r.curves).length))
  const x = Array.from({ length: epochs }, (_, i) => i + 1)
  return chartGroups(keys).flatMap((spec) => {
    const main = spec.metrics.find((m) => m.startsWith('val_')) ?? spec.metrics[0]
    if (main === undefined) return []
    const series = runs.flatMap((r): ChartSeries[] => {
      const values = r.curves.series[main]
      if (!values) return []
      const rows = epochRows(r.curves)
      return [
        {
          metric: `${r.name}: ${main}`,
          perEpoch: true,
          values: x.map((_, e) => values[rows[e] ?? -1] ?? null),
        },
      ]
    })
    return series.length ? [{ spec: { ...spec, title: `${spec.title}: ${main}` }, x, series }] : []
  })
}
