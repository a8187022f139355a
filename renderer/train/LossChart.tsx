import { useRun } from '../store/runStore'
import { CurvesChart } from './CurvesChart'

/** The current run's curves, live. */
export function LossChart() {
  const curves = useRun((s) => s.curves)
  const version = useRun((s) => s.curvesVersion)
  return <CurvesChart curves={curves} version={version} label="Loss curves" />
}
