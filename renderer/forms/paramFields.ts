import { z } from 'zod'
import { err, ok, type Result } from '../../common/graph/result'

/** One input of a params form, read off a block's zod schema. */
export type FieldSpec =
  | {
      readonly kind: 'number'
      readonly key: string
      readonly integer: boolean
      readonly min?: number
      readonly max?: number
    }
  | { readonly kind: 'enum'; readonly key: string; readonly options: readonly string[] }
  | { readonly kind: 'boolean'; readonly key: string }
  | {
      readonly kind: 'dims'
      readonly key: string
      /** Whole numbers (a shape) or any numbers (a list of learning rates). */
      readonly integer: boolean
      readonly minItems: number
      readonly maxItems: number
    }
  | { readonly kind: 'text'; readonly key: string; readonly maxLength?: number }
  /** A nested group of settings (e.g. an autoencoder's denoising options): a form of its own. */
  | { readonly kind: 'object'; readonly key: string }

interface JsonProp {
  readonly type?: string
  readonly enum?: readonly unknown[]
  readonly minimum?: number
  readonly exclusiveMinimum?: number
  readonly maximum?: number
  readonly exclusiveMaximum?: number
  readonly minItems?: number
  readonly maxItems?: number
  readonly maxLength?: number
  readonly items?: JsonProp
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

const SAFE = Number.MAX_SAFE_INTEGER

/**
 * The form fields of a params schema, in declaration order. The schema is the single source: its
 * JSON Schema (zod's own conversion) gives types, enums and bounds.
 */
export function paramFields(schema: z.ZodType): FieldSpec[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })
  const props = isRecord(json.properties) ? json.properties : {}
  const fields: FieldSpec[] = []
  for (const [key, raw] of Object.entries(props)) {
    if (!isRecord(raw)) continue
    const p = raw as JsonProp
    if (p.enum) fields.push({ kind: 'enum', key, options: p.enum.map(String) })
    else if (p.type === 'boolean') fields.push({ kind: 'boolean', key })
    else if (p.type === 'integer' || p.type === 'number') {
      const min = p.minimum ?? p.exclusiveMinimum
      const max = p.maximum ?? p.exclusiveMaximum
      fields.push({
        kind: 'number',
        key,
        integer: p.type === 'integer',
        ...(min !== undefined && Math.abs(min) < SAFE ? { min } : {}),
        ...(max !== undefined && Math.abs(max) < SAFE ? { max } : {}),
      })
    } else if (p.type === 'object') fields.push({ kind: 'object', key })
    else if (p.type === 'array' && (p.items?.type === 'integer' || p.items?.type === 'number'))
      fields.push({
        kind: 'dims',
        key,
        integer: p.items.type === 'integer',
        minItems: p.minItems ?? 0,
        maxItems: p.maxItems ?? 8,
      })
    else
      fields.push({
        kind: 'text',
        key,
        ...(p.maxLength !== undefined ? { maxLength: p.maxLength } : {}),
      })
  }
  return fields
}

/** What a field shows for a value: `28, 28` for dims, the number or text otherwise. */
export function formatField(spec: FieldSpec, value: unknown): string {
  if (spec.kind === 'dims') return Array.isArray(value) ? value.join(', ') : ''
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : ''
}

/** Reads what the user typed into a field's value; the block schema checks its bounds after. */
export function parseField(spec: FieldSpec, text: string): Result<unknown> {
  switch (spec.kind) {
    case 'number': {
      const t = text.trim()
      if (t === '') return err('expected a number')
      const n = Number(t)
      return Number.isFinite(n) ? ok(n) : err('expected a number')
    }
    case 'dims': {
      const t = text.trim()
      if (t === '') return ok([])
      const parts = t.split(/[\s,×x]+/).filter(Boolean)
      const dims = parts.map(Number)
      if (!spec.integer)
        return dims.every((d) => Number.isFinite(d))
          ? ok(dims)
          : err('expected numbers separated by commas, e.g. 0.0005, 0.005')
      return dims.every((d) => Number.isInteger(d))
        ? ok(dims)
        : err('expected whole numbers separated by commas, e.g. 28, 28, 1')
    }
    case 'boolean':
      return ok(text === 'true')
    case 'enum':
    case 'text':
      return ok(text)
    case 'object':
      return err('a group of settings has its own form')
  }
}

/** A readable name for a camelCase param key: `kernelSize` → `Kernel size`. */
export function fieldLabel(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** The object schema inside default, prefault and optional wrappers, if there is one. */
export function objectSchema(schema: z.ZodType): z.ZodObject | null {
  let s: z.ZodType = schema
  for (let depth = 0; depth < 8; depth++) {
    if (s instanceof z.ZodObject) return s
    if (s instanceof z.ZodDefault || s instanceof z.ZodPrefault || s instanceof z.ZodOptional)
      s = s.unwrap() as z.ZodType
    else return null
  }
  return null
}
