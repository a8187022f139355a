import { useId } from 'react'
import { useDraft } from '../forms/useDraft'
import type { TrainingConfig } from '../../common/graph/training'
import { editTraining } from '../commands'
import { useGraph } from '../store/graphStore'

const MAX_SEED = 2 ** 31 - 1

/** The seed a user typed: none (empty), a whole number in range, or the message why not. */
export function parseSeed(text: string): { seed: number | undefined } | { error: string } {
  const t = text.trim()
  if (t === '') return { seed: undefined }
  const n = Number(t)
  return Number.isInteger(n) && n >= 0 && n <= MAX_SEED
    ? { seed: n }
    : { error: `expected a whole number from 0 to ${MAX_SEED}, or nothing for a random run` }
}

/**
 * The run's seed: empty draws a new run each time; a number repeats a run exactly (initializers,
 * shuffles, dropout, noise), and goes into the exported Keras script.
 */
export function SeedField() {
  const training = useGraph((s) => s.doc.training)
  const id = useId()
  const shown = training.seed === undefined ? '' : String(training.seed)
  const { text, setText, error, setError } = useDraft(shown)
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>Seed</label>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        placeholder="random"
        value={text}
        aria-invalid={error !== null}
        data-testid="training-seed"
        onChange={(e) => {
          setText(e.target.value)
          const parsed = parseSeed(e.target.value)
          if ('error' in parsed) {
            setError(parsed.error)
            return
          }
          setError(null)
          const next: TrainingConfig = { ...training }
          if (parsed.seed === undefined) delete next.seed
          else next.seed = parsed.seed
          editTraining(next, 'seed')
        }}
      />
      {error !== null ? (
        <div className="field-error" role="alert">
          {error}
        </div>
      ) : (
        <span className="field-hint">
          {training.seed === undefined ? 'a new draw each run' : 'repeats the run exactly'}
        </span>
      )}
    </div>
  )
}
