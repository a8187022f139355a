import { useState } from 'react'
import type { RunEstimate } from '../../common/events'
import { callEngine } from '../engine'
import { useGraph } from '../store/graphStore'
import { useRun } from '../store/runStore'
import { parsedTrainSettings, useTrainSettings } from '../store/trainSettings'
import { describeEstimate } from '../../common/estimateText'

/** What an estimate was made for: the document and the dock's settings, as text. */
const keyOf = (doc: unknown, settings: unknown) => JSON.stringify([doc, settings])

/**
 * "Estimate time": the engine times a few steps of the run the dock would start (same backend,
 * epochs, examples) and says how long it would take, before the user commits. An estimate made for
 * other settings or another graph is not shown.
 */
export function EstimateNote({ disabled }: { disabled: boolean }) {
  const doc = useGraph((s) => s.doc)
  const raw = useTrainSettings()
  const status = useRun((s) => s.status)
  const settings = parsedTrainSettings(raw, doc.training.epochs)
  const key = keyOf(doc, settings)
  const [shown, setShown] = useState<{ key: string; estimate: RunEstimate } | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const running = status === 'starting' || status === 'running' || status === 'paused'
  const estimate = async () => {
    if (!settings) return
    setBusy(key)
    setError(null)
    const r = await callEngine('train:estimate', {
      doc,
      epochs: settings.epochs,
      ...(settings.limit !== undefined ? { limit: settings.limit } : {}),
      backend: settings.backend,
      ...(settings.memoryBudget !== undefined ? { memoryBudget: settings.memoryBudget } : {}),
    })
    setBusy(null)
    if (r.ok) setShown({ key, estimate: r.estimate })
    else setError(r.error)
  }
  const current = shown?.key === key ? shown.estimate : null
  return (
    <span className="estimate" data-testid="estimate">
      <button
        type="button"
        disabled={disabled || running || busy !== null || !settings}
        title="Times a few training steps here and says how long the run would take"
        onClick={() => {
          void estimate()
        }}
      >
        {busy !== null ? 'Timing a few steps…' : 'Estimate time'}
      </button>
      {current && <span data-testid="estimate-text">{describeEstimate(current)}</span>}
      {error && <span className="field-error">{error}</span>}
    </span>
  )
}
