/** A small deterministic generator (mulberry32): the same sequence on every machine. */
export function seededUniform(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Makes `Math.random` draw from a generator seeded with `seed` until the returned function is
 * called. tfjs takes the seeds of its initializers, dropout masks and noise from `Math.random` when
 * none is given, and so do our shuffles and the recipes' draws (GAN pools, diffusion steps), so one
 * seed fixes a whole run on one thread. Other code of the process that draws meanwhile takes from
 * the same sequence (a run stays valid, only not repeatable).
 */
export function seedMathRandom(seed: number): () => void {
  const original = Math.random
  const outer = seeding
  Math.random = seededUniform(seed)
  seeding = { seed, asides: 0 }
  return () => {
    Math.random = original
    seeding = outer
  }
}

/** The seed `Math.random` draws from now, and how many `aside` calls it has seen. */
let seeding: { seed: number; asides: number } | null = null

/**
 * Runs `fn` (a preview, whose timing depends on the clock) on its own sequence when `Math.random`
 * is seeded, so that whether and when it runs does not change the training's draws. An
 * asynchronous `fn` keeps its sequence until it settles (training waits for it meanwhile).
 */
export function aside<T>(fn: () => T): T {
  if (!seeding) return fn()
  const saved = Math.random
  Math.random = seededUniform((seeding.seed ^ 0x5bd1e995) + ++seeding.asides)
  let result: T
  try {
    result = fn()
  } catch (e) {
    Math.random = saved
    throw e
  }
  if (!(result instanceof Promise)) {
    Math.random = saved
    return result
  }
  return result.finally(() => {
    Math.random = saved
  }) as T
}

/** Runs `fn` with `Math.random` seeded (see `seedMathRandom`), or as it is when `seed` is undefined. */
export async function withSeed<T>(seed: number | undefined, fn: () => Promise<T>): Promise<T> {
  if (seed === undefined) return fn()
  const restore = seedMathRandom(seed)
  try {
    return await fn()
  } finally {
    restore()
  }
}
