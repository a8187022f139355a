import { expect, test } from 'vitest'
import { PREVIEW_BUDGET, PreviewBudget } from '../../../main/train/previewBudget'

/**
 * A simulated run: `epochs` epochs of `epochMs`, a timed preview wished for every `everyMs`, an
 * epoch-end set at each epoch's end (always at the last), each kind costing what it is given.
 * Returns the share of the run spent on previews and the epochs whose end got previews.
 */
function simulate(o: {
  epochs: number
  epochMs: number
  everyMs: number
  timedMs: number
  epochEndMs: number
}) {
  const budget = new PreviewBudget(PREVIEW_BUDGET, 0)
  // Run time so far: training, plus every preview made.
  const clock = (trainedMs: number) => trainedMs + budget.total
  budget.spent('timed', o.timedMs) // the first frame always comes, after the first batch
  const ends: number[] = []
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    for (let t = (epoch - 1) * o.epochMs + o.everyMs; t < epoch * o.epochMs; t += o.everyMs)
      if (budget.affordable('timed', clock(t))) budget.spent('timed', o.timedMs)
    if (epoch === o.epochs || budget.affordable('epochEnd', clock(epoch * o.epochMs))) {
      budget.spent('epochEnd', o.epochEndMs)
      ends.push(epoch)
    }
  }
  return { share: budget.total / clock(o.epochs * o.epochMs), ends }
}

test('a short diffusion run: the final filmstrip is reserved for, and the whole run keeps to 5%', () => {
  // As measured: 4 epochs of ~4.8 s, a 0.13 s one-step frame, a 0.54 s epoch-end set.
  const r = simulate({ epochs: 4, epochMs: 4_800, everyMs: 5_000, timedMs: 130, epochEndMs: 540 })
  expect(r.share).toBeLessThanOrEqual(PREVIEW_BUDGET)
  expect(r.ends).toEqual([4])
})

test('a long run shows epoch-end previews as often as the budget allows', () => {
  const r = simulate({ epochs: 20, epochMs: 60_000, everyMs: 5_000, timedMs: 130, epochEndMs: 540 })
  expect(r.share).toBeLessThanOrEqual(PREVIEW_BUDGET)
  expect(r.ends).toHaveLength(20)
})

test('cheap previews (an autoencoder’s grid) come at nearly every epoch end of a short run', () => {
  const r = simulate({ epochs: 4, epochMs: 300, everyMs: 5_000, timedMs: 2, epochEndMs: 5 })
  expect(r.share).toBeLessThanOrEqual(PREVIEW_BUDGET)
  expect(r.ends).toEqual([2, 3, 4])
})

test('a budget of 1 affords everything', () => {
  const b = new PreviewBudget(1, 0)
  b.spent('epochEnd', 1e9)
  expect(b.affordable('epochEnd', 1)).toBe(true)
})

test('what is left is the share of the time so far less what previews took', () => {
  const b = new PreviewBudget(0.05, 1_000)
  b.spent('timed', 30)
  expect(b.remaining(3_000)).toBeCloseTo(0.05 * 2_000 - 30)
  expect(new PreviewBudget(1, 0).remaining(10)).toBe(Infinity)
})
