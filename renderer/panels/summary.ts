import { getBlock } from '../../common/graph/blocks'
import type { Role } from '../../common/graph/schema'
import { fmtShape } from '../../common/graph/shape'
import type { ValidationReport } from '../../common/graph/validate'

export interface SummaryRow {
  readonly id: string
  readonly kind: string
  readonly shape: string
  readonly params: number
}

export interface ModelSummary {
  readonly id: string
  readonly name: string
  readonly role: Role
  readonly rows: readonly SummaryRow[]
  readonly total: number
  readonly trainable: number
}

/**
 * A Keras-like summary per model, from shape inference alone (no tfjs): the same counts the
 * engine's compiled models report, which the template tests pin against the chapter's.
 */
export function summarize(report: ValidationReport): ModelSummary[] {
  return report.models.map((m) => {
    let total = 0
    let trainable = 0
    const rows = m.nodes.map((id): SummaryRow => {
      const node = report.report.index.nodes.get(id)
      const c = report.report.params.get(id)
      const n = c ? c.trainable + c.nonTrainable : 0
      total += n
      trainable += c?.trainable ?? 0
      const shape = report.shapes[id]
      return {
        id,
        kind: (node && getBlock(node.kind)?.label) ?? node?.kind ?? '?',
        shape: shape ? fmtShape(shape) : '?',
        params: n,
      }
    })
    return { id: m.id, name: m.name, role: m.role, rows, total, trainable }
  })
}
