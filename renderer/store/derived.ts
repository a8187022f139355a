import type { GraphDoc } from '../../common/graph/schema'
import { validateGraph, type ValidationReport } from '../../common/graph/validate'
import { useGraph } from './graphStore'

/**
 * Validation of a document, computed once per document object. Positions do not change shapes, so
 * a document that differs from the last one only in positions reuses its report.
 */
const cache = new WeakMap<GraphDoc, ValidationReport>()
let last: { doc: GraphDoc; report: ValidationReport } | null = null

const samePositionsAside = (a: GraphDoc, b: GraphDoc): boolean =>
  a.edges === b.edges &&
  a.groups === b.groups &&
  a.training === b.training &&
  a.nodes.length === b.nodes.length &&
  a.nodes.every((n, i) => {
    const m = b.nodes[i]
    return (
      m !== undefined &&
      n.id === m.id &&
      n.kind === m.kind &&
      n.params === m.params &&
      n.group === m.group &&
      n.share === m.share
    )
  })

/** The validation report (shapes, per-node problems, model plans) of a document. */
export function validationOf(doc: GraphDoc): ValidationReport {
  const hit = cache.get(doc)
  if (hit) return hit
  const report = last && samePositionsAside(last.doc, doc) ? last.report : validateGraph(doc)
  cache.set(doc, report)
  last = { doc, report }
  return report
}

/** The current document's validation report. */
export const useValidation = (): ValidationReport => useGraph((s) => validationOf(s.doc))
