import { useMemo, useState } from 'react'
import type { Curves } from '../store/runStore'
import { chartData, chartGroups, phasesOf } from './chartGroups'
import { MetricChart } from './MetricChart'
import './RunCharts.css'

/** What each phase is, for its tab. */
const PHASE_NAMES: Readonly<Record<string, string>> = {
  pretrain: 'Pretraining (autoencoder)',
  train: 'Training',
}

interface Props {
  readonly curves: Curves
  /** Bumped when the curves grew in place (a live run). */
  readonly version: number
  /** The phase training now, shown by default (the last phase of a recorded run). */
  readonly current?: string
  /** Whether `current` is still training (its tab says so). */
  readonly live?: boolean
  readonly label: string
}

/**
 * A run's charts: one per metric family (see chartGroups), side by side as the width allows; a run
 * with phases (pretraining, then training) shows each phase apart, with its own epochs.
 */
export function RunCharts({ curves, version, current, live = false, label }: Props) {
  const phases = phasesOf(curves)
  const [chosen, setChosen] = useState<string | null>(null)
  const phase =
    chosen !== null && phases.includes(chosen) ? chosen : (current ?? phases.at(-1) ?? 'train')
  const names = Object.keys(curves.series).join('|')
  const specs = useMemo(() => chartGroups(names ? names.split('|') : []), [names])
  if (!curves.x.length) return null
  return (
    <section className="run-charts" aria-label={label}>
      {phases.length > 1 && (
        <div className="phase-tabs" role="tablist" aria-label="Training phases">
          {phases.map((p, i) => (
            <button
              key={p}
              type="button"
              role="tab"
              aria-selected={p === phase}
              onClick={() => {
                setChosen(p)
              }}
            >
              {i + 1}. {PHASE_NAMES[p] ?? p}
              {live && p === current && ' · running'}
            </button>
          ))}
        </div>
      )}
      <div className="chart-grid">
        {specs.map((spec) => {
          const { x, series } = chartData(curves, spec, phase)
          if (!series.length) return null
          return (
            <MetricChart
              key={`${phase}:${spec.id}`}
              title={spec.title}
              x={x}
              series={series}
              version={version}
            />
          )
        })}
      </div>
    </section>
  )
}
