import { create } from 'zustand'
import type { Responses, RunRecord } from '../../common/api'
import { curvesFromPoints, pngUrl, type Curves } from './runStore'

/** A recorded run opened in the history: its curves and last previews as images. */
export interface RunDetails {
  readonly record: RunRecord
  readonly curves: Curves
  readonly previews: readonly { readonly name: string; readonly src: string }[]
}

export type ExportResult = Responses['runs:export']

/** The run history dialog's state: the list, up to two runs to compare, exports, exploration. */
export interface HistoryState {
  readonly open: boolean
  readonly runs: readonly RunRecord[]
  readonly error: string | null
  /** Runs shown side by side (at most MAX_COMPARE), in the order they were chosen. */
  readonly compare: readonly string[]
  readonly details: Readonly<Record<string, RunDetails>>
  readonly exports: Readonly<Record<string, ExportResult | 'exporting'>>
  /** The run whose latent space is being explored. */
  readonly exploring: string | null
}

export const useRunHistory = create<HistoryState>()(() => ({
  open: false,
  runs: [],
  error: null,
  compare: [],
  details: {},
  exports: {},
  exploring: null,
}))

/** Details as the dialog shows them, from the engine's answer. */
export function toDetails(r: Extract<Responses['runs:get'], { ok: true }>): RunDetails {
  return {
    record: r.record,
    curves: curvesFromPoints(r.curves),
    previews: r.previews.map((p) => ({ name: p.name, src: pngUrl(p.png) })),
  }
}

/** How many runs can be compared at once (their curves overlaid, their settings side by side). */
export const MAX_COMPARE = 4

/** Toggles a run in the comparison; when it is full, nothing is dropped: the choice is refused. */
export function toggleCompare(compare: readonly string[], id: string): string[] {
  if (compare.includes(id)) return compare.filter((x) => x !== id)
  return compare.length >= MAX_COMPARE ? [...compare] : [...compare, id]
}
