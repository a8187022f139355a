import { getBlock } from '../blocks'
import type { GraphDoc, GraphEdge, GraphNode, Role } from '../schema'

/** A node of a composite's default contents; ids are local and made unique on insertion. */
export interface PartNode {
  readonly id: string
  readonly kind: string
  readonly params?: Record<string, unknown>
  /** Offset from the insertion point. */
  readonly at: readonly [number, number]
}
export interface PartEdge {
  readonly source: string
  readonly target: string
  readonly targetHandle?: string
}

/** A palette entry that inserts a group of layers with a role (or, for Sampling, plain layers). */
export interface CompositeDef {
  readonly kind: string
  readonly label: string
  readonly description: string
  /** The group's role; null inserts the layers without a group of their own. */
  readonly role: Role | null
  readonly nodes: readonly PartNode[]
  readonly edges: readonly PartEdge[]
}

export const defineComposite = (def: CompositeDef): CompositeDef => def

/** What inserting a composite added, so the editor can select it and undo it as one step. */
export interface Insertion {
  readonly doc: GraphDoc
  readonly groupId: string | null
  readonly nodeIds: readonly string[]
}

/** A composite's params with its block's defaults filled in; a composite that fails its block's schema is a bug. */
function withDefaults(kind: string, params: Record<string, unknown>): Record<string, unknown> {
  const block = getBlock(kind)
  if (!block) throw new Error(`composite uses unknown block kind ${kind}`)
  return block.params.parse(params) as Record<string, unknown>
}

function freshId(base: string, taken: Set<string>): string {
  let id = base
  for (let i = 2; taken.has(id); i++) id = `${base}_${i}`
  taken.add(id)
  return id
}

/**
 * Inserts a composite's default contents at a position: a new group with the composite's role
 * (unless it has none, when the layers join `intoGroup`), with ids that do not clash with the
 * document's. Pure: returns a new document. Params get their blocks' defaults, as a parsed
 * document's have.
 */
export function insertComposite(
  doc: GraphDoc,
  def: CompositeDef,
  at: { x: number; y: number },
  intoGroup?: string,
): Insertion {
  const taken = new Set([...doc.nodes.map((n) => n.id), ...doc.groups.map((g) => g.id)])
  const groupId = def.role ? freshId(def.kind, taken) : null
  const ids = new Map(def.nodes.map((n) => [n.id, freshId(n.id, taken)]))
  const idOf = (local: string) => {
    const id = ids.get(local)
    if (id === undefined)
      throw new Error(`composite ${def.kind}: edge refers to unknown node ${local}`)
    return id
  }
  const group = groupId ?? intoGroup
  const nodes: GraphNode[] = def.nodes.map((n) => ({
    id: idOf(n.id),
    kind: n.kind,
    params: withDefaults(n.kind, n.params ?? {}),
    position: { x: at.x + n.at[0], y: at.y + n.at[1] },
    ...(group !== undefined ? { group } : {}),
  }))
  const edges: GraphEdge[] = def.edges.map((e) => ({
    source: idOf(e.source),
    sourceHandle: 'out',
    target: idOf(e.target),
    targetHandle: e.targetHandle ?? 'in',
  }))
  const groups =
    groupId && def.role
      ? [
          ...doc.groups,
          { id: groupId, name: def.label, role: def.role, position: at, collapsed: false },
        ]
      : doc.groups
  return {
    doc: { ...doc, nodes: [...doc.nodes, ...nodes], edges: [...doc.edges, ...edges], groups },
    groupId,
    nodeIds: nodes.map((n) => n.id),
  }
}
