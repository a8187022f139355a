import type { RunEstimate } from './events'
import { fmtBytes } from './memoryEstimate'

/**
 * An estimate in words: "about 2.5 min (15 s per epoch × 10, the first 18 s; wasm, 2 threads)".
 * The first epoch is named where it takes noticeably (a fifth) longer than the others.
 */
export function describeEstimate(e: RunEstimate): string {
  const epochs = e.phases.map((p) => {
    const first =
      p.epochs > 1 && p.firstEpochSeconds > 1.2 * p.secondsPerEpoch
        ? `, the first ${fmtSeconds(p.firstEpochSeconds)}`
        : ''
    const name = e.phases.length > 1 ? ` (${p.name})` : ''
    return `${fmtSeconds(p.secondsPerEpoch)} per epoch × ${String(p.epochs)}${first}${name}`
  })
  const others = (e.backendChoice ?? []).filter((c) => c.backend !== e.backend)
  const chosen = others.length
    ? ` (auto: ${others.map((c) => `${fmtSeconds(c.secondsPerEpoch)} per epoch on ${c.backend}`).join(', ')})`
    : ''
  return `about ${fmtSeconds(e.totalSeconds)} (${epochs.join(' + ')}, ${e.backend}${chosen}${e.threads > 1 ? `, ${String(e.threads)} threads` : ''}); about ${fmtBytes(e.memoryBytes)} of memory`
}

/** Seconds as a person reads them: 0.8 s, 42 s, 3.5 min, 2.1 h. */
export function fmtSeconds(s: number): string {
  if (s < 10) return `${s.toFixed(1)} s`
  if (s < 90) return `${String(Math.round(s))} s`
  if (s < 5400) return `${(s / 60).toFixed(1)} min`
  return `${(s / 3600).toFixed(1)} h`
}
