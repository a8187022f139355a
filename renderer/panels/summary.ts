import { getBlock } from '../../common/graph/blocks'
import type { Role } from '../../common/graph/schema'
import type { Shape } from '../../common/graph/shape'
import type { ValidationReport } from '../../common/graph/validate'

export interface SummaryRow {
  readonly id: string
  readonly kind: string
  readonly shape: Shape | null
  readonly params: number
  /** Estimated FLOPs per example (forward pass). */
  readonly flops: number
}

export interface ModelSummary {
  readonly id: string
  readonly name: string
  readonly role: Role
  readonly rows: readonly SummaryRow[]
  readonly total: number
  readonly trainable: number
  /** Estimated FLOPs per example of the model's forward pass. */
  readonly flops: number
}

/** A count in a few characters: 950, 15.1K, 2.35M, 1.2G. */
export function compact(n: number): string {
  const units: readonly [number, string][] = [
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'K'],
  ]
  // Rounded first, so that 999,999 reads 1M rather than 1000K.
  const r = n >= 1000 ? Number(n.toPrecision(3)) : Math.round(n)
  for (const [size, suffix] of units) if (r >= size) return `${String(r / size)}${suffix}`
  return String(r)
}

/**
 * A Keras-like summary per model, from shape inference alone (no tfjs): the same counts the
 * engine's compiled models report, which the template tests pin against the chapter's.
 */
export function summarize(report: ValidationReport): ModelSummary[] {
  return report.models.map((m) => {
    let total = 0
    let trainable = 0
    let flops = 0
    const rows = m.nodes.map((id): SummaryRow => {
      const node = report.report.index.nodes.get(id)
      const c = report.report.params.get(id)
      const n = c ? c.trainable + c.nonTrainable : 0
      total += n
      const f = report.report.flops.get(id) ?? 0
      flops += f
      trainable += c?.trainable ?? 0
      const shape = report.shapes[id]
      return {
        id,
        kind: (node && getBlock(node.kind)?.label) ?? node?.kind ?? '?',
        shape: shape ?? null,
        params: n,
        flops: f,
      }
    })
    return { id: m.id, name: m.name, role: m.role, rows, total, trainable, flops }
  })
}
