/** The DDPM variance schedule, indexed by step t = 0..T (α₀ = 1). */
export interface VarianceSchedule {
  readonly alpha: Float64Array
  readonly alphaBar: Float64Array
  readonly beta: Float64Array
}

/**
 * The chapter's cosine schedule (Nichol & Dhariwal): f(t) = cos²(((t/T + s)/(1 + s))·π/2),
 * α_t = clip(f(t)/f(t−1), 1 − maxBeta, 1), ᾱ_t = Π α, β = 1 − α.
 */
export function varianceSchedule(T: number, s = 0.008, maxBeta = 0.999): VarianceSchedule {
  const f = (t: number) => Math.cos((((t / T + s) / (1 + s)) * Math.PI) / 2) ** 2
  const alpha = new Float64Array(T + 1)
  const alphaBar = new Float64Array(T + 1)
  const beta = new Float64Array(T + 1)
  alpha[0] = 1
  alphaBar[0] = 1
  for (let t = 1; t <= T; t++) {
    const a = Math.min(1, Math.max(1 - maxBeta, f(t) / f(t - 1)))
    alpha[t] = a
    alphaBar[t] = (alphaBar[t - 1] ?? 1) * a
    beta[t] = 1 - a
  }
  return { alpha, alphaBar, beta }
}

/** The steps a strided reverse process visits, from T down to 1 (all of them when steps ≥ T). */
export function samplingSteps(T: number, steps: number): number[] {
  const n = Math.min(T, Math.max(1, steps))
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    const t = Math.round(T - (i * (T - 1)) / Math.max(1, n - 1))
    if (out.at(-1) !== t) out.push(t)
  }
  return out
}
