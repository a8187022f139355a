import type { InferEnv, InputInfo, ParamCount } from './block'
import { indexGraph, topoOrder, type GraphIndex, type NodeIssue } from './graphIndex'
import { LIMITS } from './limits'
import type { GraphDoc } from './schema'
import { fmtShape, type Shape } from './shape'

export interface ShapeReport {
  readonly index: GraphIndex
  /** Output shape of every node whose shape could be inferred. */
  readonly shapes: ReadonlyMap<string, Shape>
  /** Input shapes of those nodes, in handle order. */
  readonly inputShapes: ReadonlyMap<string, readonly Shape[]>
  readonly params: ReadonlyMap<string, ParamCount>
  /** Estimated FLOPs per example of each node's forward pass (shared layers compute too). */
  readonly flops: ReadonlyMap<string, number>
  /** Topological order of the acyclic part of the graph. */
  readonly order: readonly string[]
  readonly issues: readonly NodeIssue[]
}

/**
 * Propagates shapes through the whole graph (batch dimension null). Pure: the editor runs it on
 * every edit and the compiler runs it before building layers.
 */
export function inferShapes(doc: GraphDoc): ShapeReport {
  const index = indexGraph(doc)
  const issues: NodeIssue[] = [...index.issues]
  const shapes = new Map<string, Shape>()
  const inputShapes = new Map<string, Shape[]>()
  const params = new Map<string, ParamCount>()
  const flops = new Map<string, number>()
  const { order, cyclic } = topoOrder(index)
  if (cyclic.length) {
    for (const id of cyclic)
      issues.push({
        nodeId: id,
        message: `is part of a cycle (${cyclic.join(', ')}): models must flow one way`,
      })
  }
  const env: InferEnv = {
    inputShapeOf: (id) => inputShapes.get(id)?.[0],
    kindOf: (id) => index.nodes.get(id)?.kind,
    paramsOf: (id) => {
      const n = index.nodes.get(id)
      return n && index.paramsOf(n)
    },
  }
  for (const id of order) {
    const node = index.nodes.get(id)
    const block = node && index.blockOf(node)
    if (!node || !block) continue
    if (node.share !== undefined) {
      const original = index.nodes.get(node.share)
      if (!original) {
        issues.push({
          nodeId: id,
          message: `shares the layer of '${node.share}', which does not exist`,
        })
        continue
      }
      if (original.kind !== node.kind) {
        issues.push({
          nodeId: id,
          message: `shares the layer of '${node.share}', a ${original.kind} block, but is a ${node.kind} block`,
        })
        continue
      }
    }
    const p = index.paramsOf(node)
    const inputs: InputInfo[] = []
    let waiting = false
    for (const h of block.inputs(p)) {
      const e = index.incoming.get(`${id}:${h.id}`)
      if (!e) {
        issues.push({ nodeId: id, message: `input '${h.label}' is not connected` })
        waiting = true
        continue
      }
      const shape = shapes.get(e.source)
      const src = index.nodes.get(e.source)
      // An upstream node that failed has its own message; this one just waits for it.
      if (!shape || !src) waiting = true
      else inputs.push({ shape, from: index.blockOf(src)?.label ?? src.kind })
    }
    if (waiting) continue
    const out = block.inferShape(inputs, p, env)
    if (!out.ok) {
      issues.push({ nodeId: id, message: out.error })
      continue
    }
    const values = out.value.reduce<number>((a, d) => a * (d ?? 1), 1)
    if (values > LIMITS.exampleValues) {
      issues.push({
        nodeId: id,
        message: `${block.label} would output ${values} values per example ${fmtShape(out.value)} (limit ${LIMITS.exampleValues}): reduce its size or add pooling`,
      })
      continue
    }
    const inShapes = inputs.map((i) => i.shape)
    const count = block.countParams(inShapes, p, out.value)
    if (node.share !== undefined) {
      // A shared layer owns no weights, but its input must fit the weights of the layer it reuses.
      const own = params.get(node.share)
      if (own && own.trainable + own.nonTrainable !== count.trainable + count.nonTrainable) {
        issues.push({
          nodeId: id,
          message: `shares the weights of '${node.share}', which do not fit its input ${fmtShape(inShapes[0])}`,
        })
        continue
      }
      shapes.set(id, out.value)
      inputShapes.set(id, inShapes)
      params.set(id, { trainable: 0, nonTrainable: 0 })
      // It computes with the weights it shares: its FLOPs are its own.
      flops.set(id, block.flops(inShapes, p, out.value, count))
      continue
    }
    if (count.trainable + count.nonTrainable > LIMITS.layerParams) {
      issues.push({
        nodeId: id,
        message: `${block.label} would have ${count.trainable + count.nonTrainable} weights (limit ${LIMITS.layerParams}): reduce its size or add pooling`,
      })
      continue
    }
    shapes.set(id, out.value)
    inputShapes.set(id, inShapes)
    params.set(id, count)
    flops.set(id, block.flops(inShapes, p, out.value, count))
  }
  const total = [...params.values()].reduce((n, c) => n + c.trainable + c.nonTrainable, 0)
  if (total > LIMITS.modelParams) {
    const [largest] = [...params].sort(
      (a, b) => b[1].trainable + b[1].nonTrainable - (a[1].trainable + a[1].nonTrainable),
    )
    issues.push({
      nodeId: largest?.[0] ?? '',
      message: `the graph would have ${total} weights in all (limit ${LIMITS.modelParams}); this is its largest layer`,
    })
  }
  return { index, shapes, inputShapes, params, flops, order, issues }
}
