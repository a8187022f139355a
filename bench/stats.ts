/** Median, min and max of repeated figures. */
export interface Spread {
  readonly median: number
  readonly min: number
  readonly max: number
  readonly runs: readonly number[]
}

export const spread = (xs: readonly number[]): Spread => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  const median = s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2
  return { median, min: s[0] ?? NaN, max: s.at(-1) ?? NaN, runs: xs }
}

/** `median (min–max)`, with `digits` decimals. */
export const fmt = (s: Spread | null, digits = 0): string =>
  s ? `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})` : '–'
