import fc from 'fast-check'

/** Runs per property: a few thousand in `npm test`; FUZZ_RUNS=100000 for a long run. */
export const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 0) || undefined
/** Per-test time limit: vitest's usual one, or an hour for a long run. */
export const FUZZ_TIMEOUT = FUZZ_RUNS ? 3_600_000 : 60_000

/** Counts inputs per outcome, for the suite's summary (and the closing note's figures). */
export class Tally {
  readonly counts = new Map<string, number>()
  constructor(readonly name: string) {}
  add(outcome: string): void {
    this.counts.set(outcome, (this.counts.get(outcome) ?? 0) + 1)
  }
  get total(): number {
    return [...this.counts.values()].reduce((a, b) => a + b, 0)
  }
  summary(): string {
    const parts = [...this.counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${n} ${k}`)
    return `${this.name}: ${this.total} inputs (${parts.join(', ')})`
  }
}

/** Values that break naive code: huge, negative, fractional, non-finite, wrong types. */
export const nastyNumber = fc.oneof(
  fc.constantFrom(0, -1, 1e9, -1e9, 1e308, 2 ** 31, 2 ** 53 + 1, 0.5, Number.NaN),
  fc.constantFrom(Infinity, -Infinity, -0),
  fc.integer({ min: -100, max: 100_000 }),
  fc.double(),
)

const BIG = 'x'.repeat(10 * 1024 * 1024)

/** A JSON-ish value from the attacker's kit: prototype keys, 10 MB strings, deep nesting. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  nastyNumber,
  fc.constantFrom(null, true, '', BIG, '__proto__', 'constructor', '../../etc/passwd'),
  fc.string(),
  fc.constant(JSON.parse('{"__proto__": {"polluted": true}}') as unknown),
  fc.constant({ constructor: { prototype: { polluted: true } } }),
  fc.integer({ min: 1, max: 20_000 }).map((depth) => nested(depth)),
  fc.array(fc.integer({ min: -5, max: 70_000 }), { maxLength: 8 }),
  fc.jsonValue({ maxDepth: 3 }),
)

/** [[[…]]] `depth` levels deep. */
export function nested(depth: number): unknown {
  let v: unknown = 1
  for (let i = 0; i < depth; i++) v = [v]
  return v
}

/** Sets `value` at a path of keys in a JSON value, creating objects on the way (a copy). */
export function setAt(root: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value
  const [head, ...rest] = path
  const key = head ?? 0
  if (Array.isArray(root)) {
    const copy: unknown[] = [...(root as unknown[])]
    const i = typeof key === 'number' ? key : 0
    copy[i] = setAt(copy[i], rest, value)
    return copy
  }
  const copy: Record<string, unknown> =
    typeof root === 'object' && root !== null ? { ...(root as Record<string, unknown>) } : {}
  const k = String(key)
  // defineProperty: a key named "__proto__" becomes an own field, as JSON.parse makes it.
  Object.defineProperty(copy, k, {
    value: setAt(Object.hasOwn(copy, k) ? copy[k] : undefined, rest, value),
    enumerable: true,
    writable: true,
    configurable: true,
  })
  return copy
}

/** Every path (keys) to a value inside a JSON value, up to `limit` of them. */
export function pathsOf(v: unknown, limit = 400): (string | number)[][] {
  const out: (string | number)[][] = []
  const walk = (x: unknown, path: (string | number)[]) => {
    if (out.length >= limit) return
    out.push(path)
    if (Array.isArray(x))
      x.forEach((y, i) => {
        walk(y, [...path, i])
      })
    else if (typeof x === 'object' && x !== null)
      for (const [k, y] of Object.entries(x)) walk(y, [...path, k])
  }
  walk(v, [])
  return out
}
