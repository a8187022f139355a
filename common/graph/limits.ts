/**
 * Sane upper bounds on block parameters, checked by the schema before tfjs is asked to allocate
 * anything: a typo such as `units: 1e9` is an error message, not an out-of-memory crash.
 */
export const LIMITS = {
  units: 65_536,
  filters: 4_096,
  kernelSize: 31,
  strides: 8,
  dilation: 8,
  poolSize: 16,
  dim: 16_384,
  rank: 6,
  padding: 256,
  mergeInputs: 8,
  timeSteps: 100_000,
  /** Per-layer parameter count; larger layers are refused by validation. */
  layerParams: 50_000_000,
  /** Parameter count of the whole graph (400 MB of weights, about 1.6 GB with gradients and Nadam's slots). */
  modelParams: 100_000_000,
  /** Values one node outputs per example (e.g. 512×512×32): beyond, one batch would not fit in memory. */
  exampleValues: 8_388_608,
} as const
