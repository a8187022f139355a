/** Pause, resume and stop for a running training loop; the loop checks it between batches. */
export class RunControl {
  private paused: { promise: Promise<void>; resume: () => void } | null = null
  private stopRequested = false

  get isPaused(): boolean {
    return this.paused !== null
  }
  get isStopped(): boolean {
    return this.stopRequested
  }

  pause(): void {
    if (this.paused || this.stopRequested) return
    let resume!: () => void
    const promise = new Promise<void>((r) => {
      resume = r
    })
    this.paused = { promise, resume }
  }

  resume(): void {
    this.paused?.resume()
    this.paused = null
  }

  /** Asks the loop to stop after the current batch; a paused loop wakes up to stop. */
  stop(): void {
    this.stopRequested = true
    this.resume()
  }

  /** Resolves at once unless paused, else when resumed or stopped. */
  async checkpoint(): Promise<void> {
    if (this.paused) await this.paused.promise
  }
}
