import { useEffect, useRef } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import { useRun } from '../store/runStore'

const COLOURS = ['#3b6fd8', '#d0792b', '#2f8a4c', '#b53f83', '#6a55c9', '#c24d4d', '#2f8a77']

/** Loss and metric curves of the current run, drawn with uPlot; redrawn at most every animation frame. */
export function LossChart() {
  const box = useRef<HTMLDivElement>(null)
  const version = useRun((s) => s.curvesVersion)
  const names = useRun((s) => Object.keys(s.curves.series).join('|'))
  const plot = useRef<uPlot | null>(null)

  // A new chart when the set of metrics changes (a new run, or a metric that appears).
  useEffect(() => {
    const el = box.current
    if (!el || !names) return
    const keys = names.split('|')
    const chart = new uPlot(
      {
        width: Math.max(200, el.clientWidth),
        height: 150,
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
            points: { show: k.startsWith('val_') },
          })),
        ],
      },
      [[], ...keys.map(() => [])],
      el,
    )
    plot.current = chart
    const resize = new ResizeObserver(() => {
      chart.setSize({ width: Math.max(200, el.clientWidth), height: 150 })
    })
    resize.observe(el)
    return () => {
      resize.disconnect()
      chart.destroy()
      plot.current = null
    }
  }, [names])

  useEffect(() => {
    const chart = plot.current
    if (!chart || !names) return
    const frame = requestAnimationFrame(() => {
      const { curves } = useRun.getState()
      chart.setData([curves.x, ...names.split('|').map((k) => curves.series[k] ?? [])])
    })
    return () => {
      cancelAnimationFrame(frame)
    }
  }, [version, names])

  return <div ref={box} className="loss-chart" role="img" aria-label="Loss curves" />
}
