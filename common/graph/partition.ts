import type { GraphIndex, NodeIssue } from './graphIndex'
import { groupTree } from './groups'
import type { Role, GraphDoc } from './schema'
import type { ShapeReport } from './inferShapes'

/** Where a model input comes from: an Input block inside the group, or a node outside it. */
export interface PlanInput {
  /** Node id of the Input block, or of the outside node whose output crosses into the group. */
  readonly nodeId: string
  readonly boundary: boolean
}

/** One sub-model to compile: a group, or the ungrouped nodes as a plain `model`. */
export interface ModelPlan {
  readonly id: string
  readonly name: string
  readonly role: Role
  /** Member nodes in topological order (Input blocks included). */
  readonly nodes: readonly string[]
  readonly inputs: readonly PlanInput[]
  /** Node ids whose outputs are the model's outputs, in order. */
  readonly outputs: readonly string[]
}

/** The id the ungrouped nodes compile under. */
export const UNGROUPED_ID = 'model'

/**
 * Splits the graph into one model per group. Inputs are the group's Input blocks plus every outside
 * node that feeds it; outputs are the inputs of blocks that expose them (Sampling's mean and
 * log-variance), then nodes that feed other groups, then nodes that feed nothing.
 */
export function partitionModels(
  doc: GraphDoc,
  report: ShapeReport,
): { plans: ModelPlan[]; issues: NodeIssue[] } {
  const { index, order } = report
  const issues: NodeIssue[] = []
  // A block compiles into its nearest group with a role; blocks with none are the plain model.
  const tree = groupTree(doc)
  const groupOf = (id: string) => tree.modelGroupOf(index.nodes.get(id)?.group) ?? UNGROUPED_ID
  const ungrouped = doc.nodes.filter((n) => groupOf(n.id) === UNGROUPED_ID && n.kind !== 'input')
  const groups: { id: string; name: string; role: Role }[] = doc.groups.flatMap((g) =>
    g.role !== undefined ? [{ id: g.id, name: g.name, role: g.role }] : [],
  )
  if (ungrouped.length)
    groups.push({ id: UNGROUPED_ID, name: doc.meta.title || 'model', role: 'model' })
  const plans: ModelPlan[] = []
  for (const g of groups) {
    const members = order.filter(
      (id) =>
        groupOf(id) === g.id &&
        !(
          g.id === UNGROUPED_ID &&
          index.nodes.get(id)?.kind === 'input' &&
          feedsOnlyGroups(index, id, groupOf)
        ),
    )
    if (!members.length) {
      issues.push({ nodeId: null, message: `group '${g.name}' (${g.role}) has no blocks inside` })
      continue
    }
    const inside = new Set(members)
    const inputs: PlanInput[] = []
    const outputs: string[] = []
    const addOutput = (id: string) => {
      if (!outputs.includes(id)) outputs.push(id)
    }
    for (const id of members) {
      const node = index.nodes.get(id)
      const block = node && index.blockOf(node)
      if (!node || !block) continue
      if (node.kind === 'input') inputs.push({ nodeId: id, boundary: false })
      for (const h of block.inputs(index.paramsOf(node))) {
        const e = index.incoming.get(`${id}:${h.id}`)
        if (e && !inside.has(e.source) && !inputs.some((i) => i.nodeId === e.source))
          inputs.push({ nodeId: e.source, boundary: true })
        if (e && block.exposesInputs && inside.has(e.source)) addOutput(e.source)
      }
    }
    for (const id of members) {
      if (index.nodes.get(id)?.kind === 'input') continue
      const out = index.outgoing.get(id) ?? []
      if (out.length === 0 || out.some((e) => !inside.has(e.target))) addOutput(id)
    }
    if (!outputs.length)
      issues.push({ nodeId: null, message: `group '${g.name}' (${g.role}) has no output` })
    if (!inputs.length)
      issues.push({
        nodeId: null,
        message: `group '${g.name}' (${g.role}) has no input: add an Input block or connect a block from outside`,
      })
    plans.push({ id: g.id, name: g.name, role: g.role, nodes: members, inputs, outputs })
  }
  return { plans, issues }
}

/** An ungrouped Input that only feeds model groups belongs to them, not to an implicit model. */
function feedsOnlyGroups(index: GraphIndex, id: string, groupOf: (id: string) => string): boolean {
  const out = index.outgoing.get(id) ?? []
  return out.length > 0 && out.every((e) => groupOf(e.target) !== UNGROUPED_ID)
}
