import { useRun } from '../store/runStore'
import { CurvesChart, isSampleQuality } from './CurvesChart'

/** The current run's curves, live: losses and metrics, and the sample quality (FID) apart. */
export function LossChart() {
  const curves = useRun((s) => s.curves)
  const version = useRun((s) => s.curvesVersion)
  return (
    <>
      <CurvesChart
        curves={curves}
        version={version}
        label="Loss curves"
        shows={(k) => !isSampleQuality(k)}
      />
      {'fid' in curves.series && (
        <CurvesChart
          curves={curves}
          version={version}
          label="Sample quality: FID of generated images (lower is better; fid_floor is the test set's own distance to training images)"
          shows={isSampleQuality}
          height={110}
        />
      )}
    </>
  )
}
