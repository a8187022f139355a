/** The share of a run's time previews may take (the first and the final frames always come). */
export const PREVIEW_BUDGET = 0.05

/**
 * Until an epoch-end preview has been timed, it is assumed to cost this many timed ones: the
 * epoch-end set holds the timed frames and more (a diffusion filmstrip runs 25 denoising steps
 * where the timed frame runs 4).
 */
export const EPOCH_END_FACTOR = 4

type Kind = 'timed' | 'epochEnd'

/**
 * Decides which previews a run can afford: all of them together keep to `share` of the run's
 * time, counting a reserve for the final epoch's previews, which always come. What each kind
 * cost last time is the estimate for the next.
 */
export class PreviewBudget {
  private readonly cost: Record<Kind, number> = { timed: 0, epochEnd: 0 }
  /** Milliseconds spent on previews in the whole run. */
  total = 0

  constructor(
    private readonly share: number,
    private readonly started: number,
  ) {}

  /** What the final epoch's previews are expected to cost. */
  private get finalReserve(): number {
    return this.cost.epochEnd || EPOCH_END_FACTOR * this.cost.timed
  }

  /** Whether a preview of `kind` fits, at time `now` (ms), leaving room for the final ones. */
  affordable(kind: Kind, now: number): boolean {
    if (this.share >= 1) return true
    const next = kind === 'timed' ? this.cost.timed : this.finalReserve
    return this.total + next + this.finalReserve <= this.share * (now - this.started)
  }

  /** What previews may still take at time `now` (ms) within the share; Infinity without a budget. */
  remaining(now: number): number {
    return this.share >= 1 ? Infinity : this.share * (now - this.started) - this.total
  }

  /** Records what a preview of `kind` took. */
  spent(kind: Kind, ms: number): void {
    this.total += ms
    this.cost[kind] = ms
  }
}
