import type { InferEnv, InputInfo } from '../../common/graph/block'
import type { ShapeReport } from '../../common/graph/inferShapes'
import { err, ok, type Result } from '../../common/graph/result'
import type { GraphDoc } from '../../common/graph/schema'

/** A connection the user is dragging: from a block's output to another block's input handle. */
export interface Attempt {
  readonly source: string
  readonly target: string
  readonly targetHandle: string
}

/** True when `to` can be reached from `from` along edges (so from→…→to exists). */
function reaches(doc: GraphDoc, from: string, to: string): boolean {
  const next = new Map<string, string[]>()
  for (const e of doc.edges) next.set(e.source, [...(next.get(e.source) ?? []), e.target])
  const seen = new Set<string>()
  const stack = [from]
  while (stack.length) {
    const id = stack.pop()
    if (id === undefined || seen.has(id)) continue
    if (id === to) return true
    seen.add(id)
    stack.push(...(next.get(id) ?? []))
  }
  return false
}

/**
 * Whether a connection could be valid, with the reason when it cannot: no self-loops, no cycles,
 * one edge per input handle, and (when every input of the target is known) shapes the target
 * block accepts. The editor refuses the connection while the user drags it.
 */
export function canConnect(doc: GraphDoc, report: ShapeReport, a: Attempt): Result<true> {
  if (a.source === a.target) return err('a block cannot feed itself')
  const target = report.index.nodes.get(a.target)
  const source = report.index.nodes.get(a.source)
  const block = target && report.index.blockOf(target)
  if (!target || !source || !block) return err('unknown block')
  const p = report.index.paramsOf(target)
  const handles = block.inputs(p)
  if (!handles.some((h) => h.id === a.targetHandle))
    return err(`${block.label} has no input '${a.targetHandle}'`)
  if (report.index.incoming.has(`${a.target}:${a.targetHandle}`))
    return err('that input is already connected: use a merge block (Add, Concatenate)')
  if (reaches(doc, a.target, a.source)) return err('that connection would make a cycle')
  const shape = report.shapes.get(a.source)
  if (!shape) return ok(true)
  const inputs: InputInfo[] = []
  for (const h of handles) {
    if (h.id === a.targetHandle) {
      inputs.push({ shape, from: report.index.blockOf(source)?.label ?? source.kind })
      continue
    }
    const e = report.index.incoming.get(`${a.target}:${h.id}`)
    const s = e && report.shapes.get(e.source)
    const src = e && report.index.nodes.get(e.source)
    // Another input is still open or unknown: the shapes cannot be checked yet.
    if (!s || !src) return ok(true)
    inputs.push({ shape: s, from: report.index.blockOf(src)?.label ?? src.kind })
  }
  const env: InferEnv = {
    inputShapeOf: (id) => report.inputShapes.get(id)?.[0],
    kindOf: (id) => report.index.nodes.get(id)?.kind,
    paramsOf: (id) => {
      const n = report.index.nodes.get(id)
      return n && report.index.paramsOf(n)
    },
  }
  const out = block.inferShape(inputs, p, env)
  return out.ok ? ok(true) : err(out.error)
}
