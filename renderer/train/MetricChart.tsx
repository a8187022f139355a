import { useEffect, useRef, useState } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import { allPositive, type ChartSeries } from './chartGroups'
import './MetricChart.css'

const COLOURS = ['#3b6fd8', '#d0792b', '#2f8a4c', '#b53f83', '#6a55c9', '#c24d4d', '#2f8a77']

// uPlot's scale distributions (documented as 1: linear, 3: log): its const enum cannot be read
// with isolated modules, so its values are written here.
/* eslint-disable @typescript-eslint/no-unsafe-enum-assignment */
const LINEAR = 1 as uPlot.Scale.Distr
const LOG = 3 as uPlot.Scale.Distr
/* eslint-enable @typescript-eslint/no-unsafe-enum-assignment */

/** Tick steps for whole epochs. */
const WHOLE = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000]

/** A metric's colour: the same for its per-batch, per-epoch and validation lines. */
const colourOf = (metrics: readonly string[], metric: string) =>
  COLOURS[Math.max(0, metrics.indexOf(metric.replace(/^val_/, ''))) % COLOURS.length] ?? '#888'

/** Axis values that stay short: 0.0123, 1.2e-5, 15.1K. */
function tick(v: number): string {
  const a = Math.abs(v)
  if (a === 0) return '0'
  if (a >= 1e4) return `${Number((v / 1e3).toPrecision(3))}K`
  if (a < 1e-3) return v.toExponential(1)
  return String(Number(v.toPrecision(3)))
}

/** A value in the legend: 4 significant digits (or `digits` decimals), a dash where there is none. */
const fmtValue = (v: number | null, digits?: number): string =>
  v === null ? '–' : digits === undefined ? v.toPrecision(4) : v.toFixed(digits)

interface Props {
  readonly title: string
  readonly x: readonly number[]
  readonly series: readonly ChartSeries[]
  /** Bumped when the arrays grew (a live run); the chart redraws at most once per frame. */
  readonly version: number
  readonly height?: number
  readonly xLabel?: string
  /** Whole epochs only on the x axis (per-epoch curves): no 1.25 ticks. */
  readonly wholeX?: boolean
}

/**
 * One chart of the dashboard, drawn with uPlot: real axes with ticks, each metric's per-batch values
 * as a light line under its per-epoch points, values at the pointer in the legend (a click there
 * hides or shows a series), a log scale where every value is positive, and a range zoomed by
 * dragging across it (a double click zooms back out).
 */
export function MetricChart({
  title,
  x,
  series,
  version,
  height = 160,
  xLabel = 'epoch',
  wholeX = false,
}: Props) {
  const box = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | null>(null)
  const zoomed = useRef(false)
  const [log, setLog] = useState(false)
  const canLog = allPositive(series)
  const useLog = log && canLog
  const layout = series.map((s) => `${s.metric}:${String(s.perEpoch)}`).join('|')
  const metrics = [...new Set(series.map((s) => s.metric.replace(/^val_/, '')))]
  const data = (): uPlot.AlignedData => [x as number[], ...series.map((s) => s.values)]

  useEffect(() => {
    const el = box.current
    if (!el || !layout) return
    zoomed.current = false
    // Canvas text does not follow CSS: the theme's colours are read here.
    const style = getComputedStyle(el)
    const ink = style.color
    const grid = style.getPropertyValue('--line').trim() || '#ddd'
    const axis = { stroke: ink, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } }
    const chart = new uPlot(
      {
        width: Math.max(200, el.clientWidth),
        height,
        legend: { live: true },
        cursor: { drag: { x: true, y: false, setScale: true } },
        scales: { x: { time: false }, y: { distr: useLog ? LOG : LINEAR } },
        axes: [
          {
            ...axis,
            label: xLabel,
            labelSize: 16,
            size: 34,
            font: '11px system-ui',
            labelFont: '11px system-ui',
            ...(wholeX ? { incrs: WHOLE } : {}),
          },
          {
            ...axis,
            size: 52,
            // Ticks every 18 px at least: four or more on a chart this size.
            space: 18,
            font: '11px system-ui',
            // The y ticks also go on the element, where tests and assistive tools can read them.
            values: (_u, vals) => {
              const labels = vals.map(tick)
              el.dataset['yTicks'] = labels.join(' ')
              return labels
            },
          },
        ],
        series: [
          // uPlot passes null where the pointer is off the data, whatever its typings say.
          { label: xLabel, value: (_u, v) => fmtValue(v, 2) },
          ...series.map((s) => {
            const stroke = colourOf(metrics, s.metric)
            return s.perEpoch
              ? {
                  label: s.metric,
                  stroke,
                  width: 2,
                  dash: s.metric.startsWith('val_') ? [5, 3] : undefined,
                  spanGaps: true,
                  points: { show: true, size: 5 },
                  value: (_u: uPlot, v: number | null) => fmtValue(v),
                }
              : {
                  label: `${s.metric} per batch`,
                  stroke: `${stroke}59`,
                  width: 1,
                  spanGaps: true,
                  points: { show: false },
                  value: (_u: uPlot, v: number | null) => fmtValue(v),
                }
          }),
        ],
        hooks: {
          setSelect: [
            (u) => {
              if (u.select.width > 0) zoomed.current = true
            },
          ],
        },
      },
      data(),
      el,
    )
    plot.current = chart
    const unzoom = () => {
      zoomed.current = false
    }
    chart.over.addEventListener('dblclick', unzoom)
    const resize = new ResizeObserver(() => {
      chart.setSize({ width: Math.max(200, el.clientWidth), height })
    })
    resize.observe(el)
    return () => {
      resize.disconnect()
      chart.over.removeEventListener('dblclick', unzoom)
      chart.destroy()
      plot.current = null
    }
    // The chart is rebuilt only when what it draws changes; data arrives through `version`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [layout, height, useLog, xLabel, wholeX])

  useEffect(() => {
    const chart = plot.current
    if (!chart) return
    const frame = requestAnimationFrame(() => {
      chart.setData(data(), !zoomed.current)
    })
    return () => {
      cancelAnimationFrame(frame)
    }
    // The arrays grew in place: `version` says when.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version])

  return (
    <figure className="metric-chart">
      <figcaption>
        <span className="metric-chart-title">{title}</span>
        <label title={canLog ? undefined : 'a log scale needs every value above 0'}>
          <input
            type="checkbox"
            checked={useLog}
            disabled={!canLog}
            onChange={(e) => {
              setLog(e.target.checked)
            }}
          />
          log
        </label>
      </figcaption>
      <div
        ref={box}
        data-scale={useLog ? 'log' : 'linear'}
        data-x-max={x.reduce((m, v) => Math.max(m, v), -Infinity)}
        role="img"
        aria-label={`${title}: ${series
          .filter((s) => s.perEpoch)
          .map((s) => s.metric)
          .join(', ')} by ${xLabel}`}
        title="Drag across the chart to zoom in on a range; double-click to zoom back out"
      />
    </figure>
  )
}
