import type { DocError } from './docError'
import { parseDocument } from './parse'
import { ok, type Result } from './result'
import type { GraphDoc } from './schema'

/**
 * The document with its quick CPU preset applied (epochs, recipe settings, the shipped weights it
 * starts from), re-checked by the schema.
 */
export function applyQuickPreset(doc: GraphDoc): Result<GraphDoc, DocError[]> {
  const quick = doc.meta.quick
  if (!quick) return ok(doc)
  const training = {
    ...doc.training,
    ...(quick.epochs ? { epochs: quick.epochs } : {}),
    ...(quick.initialWeights ? { initialWeights: quick.initialWeights } : {}),
    settings: { ...doc.training.settings, ...quick.settings },
  }
  return parseDocument({ ...doc, training })
}

/** The document trained from scratch: without the shipped weights its training starts from. */
export function withoutInitialWeights(doc: GraphDoc): GraphDoc {
  const training = { ...doc.training }
  delete training.initialWeights
  return { ...doc, training }
}
