import { parseDocument } from '../../common/graph/parse'
import { GRAPH_FORMAT, GRAPH_VERSION, type GraphDoc } from '../../common/graph/schema'

/** A new, empty document with the schema's defaults (embedded dataset, autoencoder recipe). */
export function emptyDocument(): GraphDoc {
  const doc = parseDocument({ format: GRAPH_FORMAT, version: GRAPH_VERSION, nodes: [] })
  if (!doc.ok) throw new Error(`the empty document does not parse: ${JSON.stringify(doc.error)}`)
  return doc.value
}
