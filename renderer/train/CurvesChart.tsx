import { useEffect, useRef } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import type { Curves } from '../store/runStore'
import './CurvesChart.css'

const COLOURS = ['#3b6fd8', '#d0792b', '#2f8a4c', '#b53f83', '#6a55c9', '#c24d4d', '#2f8a77']

/** The sample-quality metrics (`fid`, `fid_floor`): a scale of their own, apart from the losses. */
export const isSampleQuality = (metric: string): boolean => metric.startsWith('fid')

/**
 * Loss and metric curves drawn with uPlot. `version` says when `curves` grew (its arrays grow in
 * place); the chart is rebuilt only when the set of metrics changes, and redrawn at most once per
 * animation frame.
 */
export function CurvesChart({
  curves,
  version,
  label,
  height = 150,
  shows = () => true,
}: {
  curves: Curves
  version: number
  label: string
  height?: number
  /** Which metrics this chart draws (all by default). */
  shows?: (metric: string) => boolean
}) {
  const box = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | null>(null)
  const names = Object.keys(curves.series).filter(shows).join('|')

  useEffect(() => {
    const el = box.current
    if (!el || !names) return
    const keys = names.split('|')
    const chart = new uPlot(
      {
        width: Math.max(200, el.clientWidth),
        height,
        legend: { live: false },
        scales: { x: { time: false } },
        axes: [{ label: 'epoch' }, {}],
        series: [
          {},
          ...keys.map((k, i) => ({
            label: k,
            stroke: COLOURS[i % COLOURS.length] ?? '#888',
            width: k.startsWith('val_') ? 2 : 1,
            spanGaps: true,
            // Per-epoch metrics (validation, FID) as points; per-batch ones as a line.
            points: { show: k.startsWith('val_') || isSampleQuality(k) },
          })),
        ],
      },
      [[], ...keys.map(() => [])],
      el,
    )
    plot.current = chart
    const resize = new ResizeObserver(() => {
      chart.setSize({ width: Math.max(200, el.clientWidth), height })
    })
    resize.observe(el)
    return () => {
      resize.disconnect()
      chart.destroy()
      plot.current = null
    }
  }, [names, height])

  useEffect(() => {
    const chart = plot.current
    if (!chart || !names) return
    const frame = requestAnimationFrame(() => {
      chart.setData([curves.x, ...names.split('|').map((k) => curves.series[k] ?? [])])
    })
    return () => {
      cancelAnimationFrame(frame)
    }
  }, [version, names, curves])

  return <div ref={box} className="loss-chart" role="img" aria-label={label} />
}
