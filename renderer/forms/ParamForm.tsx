import { useId, useMemo } from 'react'
import { useDraft } from './useDraft'
import type { z } from 'zod'
import {
  fieldLabel,
  formatField,
  objectSchema,
  paramFields,
  parseField,
  type FieldSpec,
} from './paramFields'
import './ParamForm.css'

interface Props {
  /** The schema the values must satisfy: a block's params, or a recipe's settings. */
  readonly schema: z.ZodType
  /** What the form edits (a node id, `training`): fields reset when it changes. */
  readonly owner: string
  readonly params: Readonly<Record<string, unknown>>
  /** Dense blocks a tied layer may refer to (for `tiedTo`). */
  readonly refOptions?: readonly string[]
  readonly onChange: (params: Record<string, unknown>, field: string) => void
}

/** A form generated from a schema: a block's params in the inspector, a recipe's settings. */
export function ParamForm({ schema, owner, params, refOptions = [], onChange }: Props) {
  const fields = useMemo(() => paramFields(schema), [schema])
  if (!fields.length) return <p className="muted">No parameters.</p>
  return (
    <div className="param-form">
      {fields.map((f) => {
        const check = (value: unknown): string | null => {
          const next = { ...params, [f.key]: value }
          const parsed = schema.safeParse(next)
          if (!parsed.success) {
            const issue =
              parsed.error.issues.find((i) => i.path[0] === f.key) ?? parsed.error.issues[0]
            return issue?.message ?? 'invalid value'
          }
          onChange(parsed.data as Record<string, unknown>, f.key)
          return null
        }
        if (f.kind === 'object') {
          const sub: z.ZodType | undefined = objectSchema(schema)?.shape[f.key] as
            z.ZodType | undefined
          const value = params[f.key]
          if (!sub || typeof value !== 'object' || value === null) return null
          return (
            <fieldset key={`${owner}:${f.key}`} className="sub-form">
              <legend>{fieldLabel(f.key)}</legend>
              <ParamForm
                schema={sub}
                owner={`${owner}.${f.key}`}
                params={value as Record<string, unknown>}
                onChange={(v) => {
                  check(v)
                }}
              />
            </fieldset>
          )
        }
        return (
          <ParamField
            key={`${owner}:${f.key}`}
            spec={f}
            value={params[f.key]}
            refOptions={refOptions}
            check={check}
          />
        )
      })}
    </div>
  )
}

interface FieldProps {
  readonly spec: FieldSpec
  readonly value: unknown
  readonly refOptions: readonly string[]
  /** Commits a value if the schema accepts it; returns the message to show otherwise. */
  readonly check: (value: unknown) => string | null
}

function ParamField({ spec, value, refOptions, check }: FieldProps) {
  const id = useId()
  const shown = formatField(spec, value)
  const { text, setText, error, setError } = useDraft(shown)
  const input = (raw: string) => {
    setText(raw)
    const parsed = parseField(spec, raw)
    setError(parsed.ok ? check(parsed.value) : parsed.error)
  }
  const label = fieldLabel(spec.key)
  const errorId = `${id}-error`
  const common = {
    id,
    'aria-invalid': error !== null,
    ...(error !== null ? { 'aria-describedby': errorId } : {}),
  }
  let control
  if (spec.kind === 'boolean')
    control = (
      <input
        {...common}
        type="checkbox"
        checked={value === true}
        onChange={(e) => {
          input(String(e.target.checked))
        }}
      />
    )
  else if (spec.kind === 'enum' || (spec.key === 'tiedTo' && spec.kind === 'text'))
    control = (
      <select
        {...common}
        value={text}
        onChange={(e) => {
          input(e.target.value)
        }}
      >
        {(spec.kind === 'enum' ? spec.options : ['', ...refOptions]).map((o) => (
          <option key={o} value={o}>
            {o || '(choose a Dense block)'}
          </option>
        ))}
      </select>
    )
  else
    control = (
      <input
        {...common}
        type="text"
        inputMode={spec.kind === 'number' ? 'decimal' : 'text'}
        value={text}
        placeholder={spec.kind === 'dims' ? 'e.g. 28, 28, 1' : undefined}
        onChange={(e) => {
          input(e.target.value)
        }}
      />
    )
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {control}
      {error !== null && (
        <div id={errorId} className="field-error" role="alert">
          {error}
        </div>
      )}
    </div>
  )
}
