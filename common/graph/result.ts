/** A user's mistake travels as a value; bugs are exceptions. */
export type Result<T, E = string> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E }

/** Wraps a successful value. */
export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value })

/** Wraps a user-facing error. */
export const err = <E = string>(error: E): Result<never, E> => ({ ok: false, error })
