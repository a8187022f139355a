import { create } from 'zustand'
import { BACKENDS } from '../../common/backends'

export const BACKEND_CHOICES = ['auto', ...BACKENDS] as const
export type BackendChoice = (typeof BACKEND_CHOICES)[number]

/**
 * What the next run is asked for beyond the document (the dock's fields, as typed): the Train
 * button, its shortcut and the desktop menu's Train all start runs with these.
 */
interface TrainSettings {
  /** Epochs for this run; empty: the document's. */
  readonly epochs: string
  /** Train on at most this many examples; empty: all. */
  readonly limit: string
  readonly backend: BackendChoice
  /** The most memory the run may take, in GB; empty: half the engine machine's. */
  readonly memoryGb: string
}

export const useTrainSettings = create<TrainSettings>()(() => ({
  epochs: '',
  limit: '',
  backend: 'auto',
  memoryGb: '',
}))

/** The settings as numbers, or null while a field does not hold a positive whole number. */
export function parsedTrainSettings(
  s: TrainSettings,
  docEpochs: number,
): {
  epochs: number
  limit: number | undefined
  backend: BackendChoice
  memoryBudget: number | undefined
} | null {
  const epochs = s.epochs === '' ? docEpochs : Number(s.epochs)
  const limit = s.limit === '' ? undefined : Number(s.limit)
  const memoryGb = s.memoryGb.trim() === '' ? undefined : Number(s.memoryGb)
  const whole = (n: number) => Number.isInteger(n) && n > 0
  if (!whole(epochs) || (limit !== undefined && !whole(limit))) return null
  if (memoryGb !== undefined && !(memoryGb >= 0.064 && memoryGb <= 10_000)) return null
  return {
    epochs,
    limit,
    backend: s.backend,
    memoryBudget: memoryGb === undefined ? undefined : memoryGb * 1e9,
  }
}
