/**
 * The bounds of a run's settings, the same wherever they are given (the engine's contract, the
 * CLI's arguments, a document's training settings).
 */
export const RUN_BOUNDS = {
  epochs: 100_000,
  limit: 10_000_000,
  batchSize: 65_536,
  /** Training threads asked for; a run never uses more than the machine's cores. */
  threads: 16,
} as const
