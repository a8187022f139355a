import type { DocError } from './docError'
import { err, ok, type Result } from './result'
import { GRAPH_FORMAT, GRAPH_VERSION } from './schema'

type Json = Record<string, unknown>
/** Turns a document of version n into one of version n + 1. */
export type Migration = (doc: Json) => Json

/**
 * Migrations keyed by the version they upgrade from; a change to the format adds an entry here and
 * bumps GRAPH_VERSION.
 * - 1 → 2: groups may nest (`parent`) and need not have a role. Every version 1 group has a role
 *   and no parent, so its meaning is unchanged; only the version moves on.
 */
export const MIGRATIONS: Readonly<Record<number, Migration>> = {
  1: (doc) => doc,
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Brings a raw document up to the current format version, or says why it cannot. */
export function migrate(
  raw: unknown,
  migrations: Readonly<Record<number, Migration>> = MIGRATIONS,
  current = GRAPH_VERSION,
): Result<Json, DocError[]> {
  if (!isObject(raw)) return err([{ path: '(document)', message: 'expected a JSON object' }])
  if (raw['format'] !== GRAPH_FORMAT) {
    return err([
      { path: 'format', message: `expected "${GRAPH_FORMAT}": this is not a Latent Studio graph` },
    ])
  }
  const version = raw['version']
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return err([{ path: 'version', message: 'expected a positive integer version' }])
  }
  if (version > current) {
    return err([
      {
        path: 'version',
        message: `version ${version} was written by a newer Latent Studio (this one reads up to ${current})`,
      },
    ])
  }
  let doc = raw
  for (let v = version; v < current; v++) {
    const step = migrations[v]
    if (!step) return err([{ path: 'version', message: `no migration from version ${v}` }])
    doc = { ...step(doc), version: v + 1 }
  }
  return ok(doc)
}
