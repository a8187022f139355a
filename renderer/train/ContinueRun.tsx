import { useId, useState } from 'react'
import { continueTraining } from '../engine'
import { useRun } from '../store/runStore'
import './ContinueRun.css'

/**
 * "Continue training" for a recorded run: from its checkpoint (weights and optimizer state), for
 * the epochs it had left or as many more as the field says, in the same run.
 */
export function ContinueRun({
  runId,
  left,
  fallback,
  disabledWhy,
  onStart,
}: {
  runId: string
  /** Epochs the run had left (0 when it did them all). */
  left: number
  /** More epochs to offer when it has none left. */
  fallback: number
  /** Why it cannot continue now, if it cannot. */
  disabledWhy?: string | undefined
  onStart?: () => void
}) {
  const [epochs, setEpochs] = useState(String(left > 0 ? left : fallback))
  const busy = useRun(
    (s) => s.status === 'starting' || s.status === 'running' || s.status === 'paused',
  )
  const inputId = useId()
  const n = Number(epochs)
  const valid = Number.isInteger(n) && n >= 1 && n <= 100_000
  const why = disabledWhy ?? (busy ? 'A run is training: stop it first' : undefined)
  return (
    <span className="continue-run">
      <button
        type="button"
        disabled={why !== undefined || !valid}
        title={
          why ??
          'From the last checkpoint: its weights and optimizer state; epochs are numbered on in the same run'
        }
        onClick={() => {
          onStart?.()
          void continueTraining(runId, n)
        }}
      >
        Continue training
      </button>
      <label htmlFor={inputId}>for</label>
      <input
        id={inputId}
        type="text"
        inputMode="numeric"
        size={4}
        aria-label={`More epochs for ${runId}`}
        aria-invalid={!valid}
        value={epochs}
        onChange={(e) => {
          setEpochs(e.target.value)
        }}
      />
      <span>more epoch(s)</span>
    </span>
  )
}
