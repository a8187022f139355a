import { blockRefs } from './block'
import { getBlock, type AnyBlock } from './blocks'
import type { GraphDoc, GraphEdge, GraphNode } from './schema'

/** A problem tied to a node (or to the document when nodeId is null), with a human message. */
export interface NodeIssue {
  readonly nodeId: string | null
  readonly message: string
}

/** Lookups over a document that inference, validation and compilation share. */
export interface GraphIndex {
  readonly nodes: ReadonlyMap<string, GraphNode>
  /** The edge feeding each input handle, keyed `${target}:${handle}`. */
  readonly incoming: ReadonlyMap<string, GraphEdge>
  /** Edges leaving each node. */
  readonly outgoing: ReadonlyMap<string, readonly GraphEdge[]>
  readonly issues: readonly NodeIssue[]
  blockOf(node: GraphNode): AnyBlock | undefined
  /** The params the node's layer is built with (a shared node takes its original's). */
  paramsOf(node: GraphNode): Readonly<Record<string, unknown>>
}

/** Indexes nodes and edges, reporting edges that cannot be valid (unknown ends or handles, self-loops, doubled inputs). */
export function indexGraph(doc: GraphDoc): GraphIndex {
  const nodes = new Map(doc.nodes.map((n) => [n.id, n]))
  const incoming = new Map<string, GraphEdge>()
  const outgoing = new Map<string, GraphEdge[]>()
  const issues: NodeIssue[] = []
  const paramsOf = (node: GraphNode) =>
    (node.share !== undefined ? nodes.get(node.share)?.params : undefined) ?? node.params
  const blockOf = (node: GraphNode) => getBlock(node.kind)
  for (const n of doc.nodes)
    if (!blockOf(n)) issues.push({ nodeId: n.id, message: `unknown block kind "${n.kind}"` })
  for (const e of doc.edges) {
    const source = nodes.get(e.source)
    const target = nodes.get(e.target)
    if (!source || !target) {
      issues.push({
        nodeId: source ? e.source : target ? e.target : null,
        message: `a connection ${e.source} → ${e.target} points to a node that does not exist ('${source ? e.target : e.source}')`,
      })
      continue
    }
    if (e.source === e.target) {
      issues.push({ nodeId: e.target, message: 'is connected to itself' })
      continue
    }
    if (e.sourceHandle !== 'out') {
      issues.push({
        nodeId: e.source,
        message: `has no output '${e.sourceHandle}' (its output is 'out')`,
      })
      continue
    }
    const block = blockOf(target)
    if (!block) continue
    const handles = block.inputs(paramsOf(target))
    if (!handles.some((h) => h.id === e.targetHandle)) {
      const names = handles.map((h) => `'${h.id}'`).join(', ') || 'none'
      issues.push({
        nodeId: e.target,
        message: `has no input '${e.targetHandle}' (its inputs: ${names})`,
      })
      continue
    }
    const key = `${e.target}:${e.targetHandle}`
    if (incoming.has(key)) {
      issues.push({
        nodeId: e.target,
        message: `input '${e.targetHandle}' has more than one connection; use a merge block (Add, Concatenate) to combine tensors`,
      })
      continue
    }
    incoming.set(key, e)
    outgoing.set(e.source, [...(outgoing.get(e.source) ?? []), e])
  }
  return { nodes, incoming, outgoing, issues, blockOf, paramsOf }
}

/** The node feeding each input handle of a node, in handle order (undefined where unconnected). */
export function inputSources(index: GraphIndex, node: GraphNode): (string | undefined)[] {
  const block = index.blockOf(node)
  if (!block) return []
  return block
    .inputs(index.paramsOf(node))
    .map((h) => index.incoming.get(`${node.id}:${h.id}`)?.source)
}

/** Nodes each node depends on: its connected inputs, its tied layer and the layer it shares. */
export function dependencies(index: GraphIndex, node: GraphNode): string[] {
  const deps = new Set<string>()
  const block = index.blockOf(node)
  if (!block) return []
  for (const h of block.inputs(index.paramsOf(node))) {
    const e = index.incoming.get(`${node.id}:${h.id}`)
    if (e) deps.add(e.source)
  }
  for (const r of blockRefs(block, index.paramsOf(node))) if (index.nodes.has(r)) deps.add(r)
  if (node.share !== undefined && index.nodes.has(node.share)) deps.add(node.share)
  return [...deps]
}

/** Kahn's topological order; nodes on a cycle are returned apart, in document order. */
export function topoOrder(index: GraphIndex): { order: string[]; cyclic: string[] } {
  const deps = new Map([...index.nodes.values()].map((n) => [n.id, dependencies(index, n)]))
  const dependents = new Map<string, string[]>()
  const remaining = new Map<string, number>()
  for (const [id, ds] of deps) {
    remaining.set(id, ds.length)
    for (const d of ds) dependents.set(d, [...(dependents.get(d) ?? []), id])
  }
  const queue = [...index.nodes.keys()].filter((id) => remaining.get(id) === 0)
  const order: string[] = []
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    order.push(id)
    for (const next of dependents.get(id) ?? []) {
      const left = (remaining.get(next) ?? 0) - 1
      remaining.set(next, left)
      if (left === 0) queue.push(next)
    }
  }
  const done = new Set(order)
  return { order, cyclic: [...index.nodes.keys()].filter((id) => !done.has(id)) }
}
