import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseDocument, parseDocumentText } from '../../common/graph/parse'
import type { GraphDoc } from '../../common/graph/schema'

export interface RawNode {
  id: string
  kind: string
  params?: Record<string, unknown>
  group?: string
  share?: string
}
export interface RawEdge {
  source: string
  target: string
  targetHandle?: string
  sourceHandle?: string
}

/** A raw (unparsed) document around the given nodes and edges. */
export function rawDoc(parts: {
  nodes: RawNode[]
  edges?: RawEdge[]
  groups?: { id: string; name: string; role: string }[]
  training?: Record<string, unknown>
}): Record<string, unknown> {
  return { format: 'latent-studio.graph', version: 1, edges: [], groups: [], ...parts }
}

/** Parses a raw document, failing the test with the parse errors if it does not parse. */
export function doc(parts: Parameters<typeof rawDoc>[0]): GraphDoc {
  const parsed = parseDocument(rawDoc(parts))
  if (!parsed.ok) throw new Error(`test document does not parse: ${JSON.stringify(parsed.error)}`)
  return parsed.value
}

/** A chain of edges a → b → c … on the default handles. */
export const chain = (...ids: string[]): RawEdge[] =>
  ids.slice(1).map((target, i) => ({ source: ids[i] ?? '', target }))

/** Loads a document from test/fixtures. */
export function fixture(name: string): GraphDoc {
  // A path, not a URL: under a DOM environment import.meta.url is an http:// address.
  const parsed = parseDocumentText(
    readFileSync(join(import.meta.dirname, '..', 'fixtures', `${name}.json`), 'utf8'),
  )
  if (!parsed.ok) throw new Error(`fixture ${name} does not parse: ${JSON.stringify(parsed.error)}`)
  return parsed.value
}
