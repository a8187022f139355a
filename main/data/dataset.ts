/** Images as bytes (0–255), with optional integer labels. Scaling happens when batches are made. */
export interface ImageSet {
  readonly count: number
  readonly height: number
  readonly width: number
  readonly channels: number
  /** count × height × width × channels bytes, example-major, channels last. */
  readonly pixels: Uint8Array
  /**
   * A numeric table instead of images (points): count × height × width × channels floats, fed to
   * the model as they are (no pixel scaling); `pixels` is then empty.
   */
  readonly values?: Float32Array
  readonly labels: Int32Array | null
  readonly classNames: readonly string[]
}

/** A dataset split for training and evaluation. */
export interface Dataset {
  readonly name: string
  readonly train: ImageSet
  readonly test: ImageSet
}

export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const

/** The first `n` examples of a set (all of it when n ≥ count). */
export function takeFirst(set: ImageSet, n: number): ImageSet {
  if (n >= set.count) return set
  const per = set.height * set.width * set.channels
  return {
    ...set,
    count: n,
    pixels: set.pixels.subarray(0, set.values ? 0 : n * per),
    ...(set.values ? { values: set.values.subarray(0, n * per) } : {}),
    labels: set.labels?.subarray(0, n) ?? null,
  }
}

/** Splits off the last `fraction` of a set for validation (the train set is already shuffled). */
export function splitValidation(
  set: ImageSet,
  fraction: number,
): { train: ImageSet; valid: ImageSet } {
  // At least one example on each side, so that validation and previews always have data.
  const nValid = Math.max(1, Math.min(set.count - 1, Math.round(set.count * fraction)))
  const nTrain = set.count - nValid
  const per = set.height * set.width * set.channels
  const part = (from: number, to: number): ImageSet => ({
    ...set,
    count: to - from,
    pixels: set.values ? set.pixels : set.pixels.subarray(from * per, to * per),
    ...(set.values ? { values: set.values.subarray(from * per, to * per) } : {}),
    labels: set.labels?.subarray(from, to) ?? null,
  })
  return { train: part(0, nTrain), valid: part(nTrain, set.count) }
}
