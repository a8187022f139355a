import { expect, test } from 'vitest'
import { samplingSteps, varianceSchedule } from '../../../main/train/schedule'

test('the cosine variance schedule matches its closed form', () => {
  const T = 4000
  const { alpha, alphaBar, beta } = varianceSchedule(T)
  const f = (t: number) => Math.cos((((t / T + 0.008) / 1.008) * Math.PI) / 2) ** 2
  expect(alpha[0]).toBe(1)
  for (const t of [1, 10, 1000, 2000, 3999]) {
    expect(alphaBar[t]).toBeCloseTo(f(t) / f(0), 6)
    expect((alpha[t] ?? 0) + (beta[t] ?? 0)).toBeCloseTo(1, 12)
  }
  // Near T the ratio is clipped so that β never exceeds maxBeta.
  expect(Math.max(...beta)).toBeLessThanOrEqual(0.999 + 1e-12)
  expect(beta[T]).toBeCloseTo(0.999, 9)
  for (let t = 1; t <= T; t++) expect(alphaBar[t]).toBeLessThan(alphaBar[t - 1] ?? 0)
})

test('strided sampling visits T down to 1', () => {
  expect(samplingSteps(5, 10)).toEqual([5, 4, 3, 2, 1])
  const s = samplingSteps(4000, 50)
  expect(s).toHaveLength(50)
  expect([s[0], s.at(-1)]).toEqual([4000, 1])
  expect(s.every((t, i) => i === 0 || t < (s[i - 1] ?? 0))).toBe(true)
})
