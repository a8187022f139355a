import type { ReactNode } from 'react'

interface Props<T extends string> {
  readonly id: string
  readonly label: string
  readonly value: T
  readonly options: readonly T[]
  readonly onChange: (value: T) => void
  /** A line under the control (what the choice implies). */
  readonly hint?: ReactNode
}

/** A labelled select over a fixed set of string options; only those options reach `onChange`. */
export function OptionField<T extends string>({
  id,
  label,
  value,
  options,
  onChange,
  hint,
}: Props<T>) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => {
          const v = options.find((o) => o === e.target.value)
          if (v !== undefined) onChange(v)
        }}
      >
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
      {hint !== undefined && <span className="field-hint">{hint}</span>}
    </div>
  )
}
