import { renameRefs } from '../../common/graph/block'
import { getBlock } from '../../common/graph/blocks'
import { err, ok, type Result } from '../../common/graph/result'
import {
  idSchema,
  type GraphDoc,
  type GraphEdge,
  type GraphGroup,
  type GraphNode,
} from '../../common/graph/schema'
import { trainingSchema, type Recipe } from '../../common/graph/training'

/** A position on the canvas, in flow coordinates. */
export interface XY {
  readonly x: number
  readonly y: number
}

/** What an edit added, so the editor can select it. */
export interface Added {
  readonly doc: GraphDoc
  readonly nodeIds: readonly string[]
  readonly groupIds: readonly string[]
}

/** Ids taken by nodes and groups (they share tfjs's layer-name space). */
export function takenIds(doc: GraphDoc): Set<string> {
  return new Set([...doc.nodes.map((n) => n.id), ...doc.groups.map((g) => g.id)])
}

/** `base`, or `base_2`, `base_3`... whichever is free; records it as taken. */
export function freshId(base: string, taken: Set<string>): string {
  const clean = /^[A-Za-z]/.test(base) ? base.slice(0, 56) : `n_${base}`.slice(0, 56)
  let id = clean
  for (let i = 2; taken.has(id); i++) id = `${clean}_${i}`
  taken.add(id)
  return id
}

/** The params a new block starts with: its schema's defaults. */
export function defaultParams(kind: string): Record<string, unknown> {
  const block = getBlock(kind)
  if (!block) throw new Error(`unknown block kind ${kind}`)
  return block.params.parse({}) as Record<string, unknown>
}

/** Adds one block with default params, inside `group` if given. */
export function addBlock(doc: GraphDoc, kind: string, at: XY, group?: string): Added {
  const id = freshId(kind.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase(), takenIds(doc))
  const node: GraphNode = {
    id,
    kind,
    params: defaultParams(kind),
    position: { x: Math.round(at.x), y: Math.round(at.y) },
    ...(group !== undefined ? { group } : {}),
  }
  return { doc: { ...doc, nodes: [...doc.nodes, node] }, nodeIds: [id], groupIds: [] }
}

/** The React Flow id of an edge: its own id, or one derived from its ends. */
export const edgeKey = (e: GraphEdge): string =>
  e.id ?? `${e.source}->${e.target}:${e.targetHandle}`

/** Connects an output to an input handle (the caller checked it with `canConnect`). */
export function connect(
  doc: GraphDoc,
  c: { source: string; target: string; targetHandle: string },
): GraphDoc {
  const edge: GraphEdge = { ...c, sourceHandle: 'out' }
  return { ...doc, edges: [...doc.edges, edge] }
}

/** Moves nodes to absolute positions. */
export function moveNodes(doc: GraphDoc, positions: ReadonlyMap<string, XY>): GraphDoc {
  if (!positions.size) return doc
  return {
    ...doc,
    nodes: doc.nodes.map((n) => {
      const p = positions.get(n.id)
      return p ? { ...n, position: { x: Math.round(p.x), y: Math.round(p.y) } } : n
    }),
  }
}

/** Replaces a node's params (already parsed by its block's schema). */
export function setParams(doc: GraphDoc, id: string, params: Record<string, unknown>): GraphDoc {
  return { ...doc, nodes: doc.nodes.map((n) => (n.id === id ? { ...n, params } : n)) }
}

/** Moves a node into a group, or out of every group with `undefined`. */
export function setNodeGroup(doc: GraphDoc, id: string, group: string | undefined): GraphDoc {
  return {
    ...doc,
    nodes: doc.nodes.map((n) => {
      if (n.id !== id) return n
      if (group !== undefined) return { ...n, group }
      const moved = { ...n }
      delete moved.group
      return moved
    }),
  }
}

/** Changes a group's name, role or collapsed state. */
export function updateGroup(
  doc: GraphDoc,
  id: string,
  patch: Partial<Pick<GraphGroup, 'name' | 'role' | 'parent' | 'collapsed'>>,
): GraphDoc {
  return { ...doc, groups: doc.groups.map((g) => (g.id === id ? { ...g, ...patch } : g)) }
}

/**
 * Puts the selected blocks and groups in a new group named `name`, placed in the innermost group
 * that holds all of them (top level when they come from different models). Answers the new group.
 */
export function groupItems(
  doc: GraphDoc,
  sel: { nodeIds: Iterable<string>; groupIds: Iterable<string> },
  name: string,
): Added {
  const groups = new Set(sel.groupIds)
  // A selected group's blocks come with it; a block inside a selected group stays where it is.
  const nodes = new Set(
    [...sel.nodeIds].filter((id) => {
      const g = doc.nodes.find((n) => n.id === id)?.group
      return g === undefined || !groups.has(g)
    }),
  )
  if (!nodes.size && !groups.size) return { doc, nodeIds: [], groupIds: [] }
  const parentOf = new Map(doc.groups.map((g) => [g.id, g.parent]))
  const chain = (g: string | undefined): (string | undefined)[] => {
    const out: (string | undefined)[] = []
    for (let at = g, guard = 0; at !== undefined && guard < 500; at = parentOf.get(at), guard++)
      out.push(at)
    return [...out, undefined]
  }
  const containers = [
    ...doc.nodes.filter((n) => nodes.has(n.id)).map((n) => chain(n.group)),
    ...[...groups].map((g) => chain(parentOf.get(g))),
  ]
  // The innermost container every item is inside.
  const common = containers[0]?.find((c) => containers.every((ch) => ch.includes(c)))
  const id = freshId('group', takenIds(doc))
  const group: GraphGroup = {
    id,
    name,
    ...(common !== undefined ? { parent: common } : {}),
    collapsed: false,
  }
  return {
    doc: {
      ...doc,
      nodes: doc.nodes.map((n) => (nodes.has(n.id) ? { ...n, group: id } : n)),
      groups: [...doc.groups.map((g) => (groups.has(g.id) ? { ...g, parent: id } : g)), group],
    },
    nodeIds: [...nodes],
    groupIds: [id],
  }
}

/** Dissolves a group: its blocks and child groups move to the group around it (or top level). */
export function ungroup(doc: GraphDoc, id: string): GraphDoc {
  const gone = doc.groups.find((g) => g.id === id)
  if (!gone) return doc
  const up = gone.parent
  const liftNode = (n: GraphNode): GraphNode => {
    if (n.group !== id) return n
    const moved = { ...n }
    delete moved.group
    return up === undefined ? moved : { ...moved, group: up }
  }
  const liftGroup = (g: GraphGroup): GraphGroup => {
    if (g.parent !== id) return g
    const moved = { ...g }
    delete moved.parent
    return up === undefined ? moved : { ...moved, parent: up }
  }
  return {
    ...doc,
    nodes: doc.nodes.map(liftNode),
    groups: doc.groups.filter((g) => g.id !== id).map(liftGroup),
  }
}

/** Deletes nodes, edges and groups; a deleted group takes its blocks with it. */
export function deleteItems(
  doc: GraphDoc,
  sel: { nodeIds?: Iterable<string>; edgeIds?: Iterable<string>; groupIds?: Iterable<string> },
): GraphDoc {
  const groups = new Set(sel.groupIds ?? [])
  const nodes = new Set(sel.nodeIds ?? [])
  for (const n of doc.nodes) if (n.group !== undefined && groups.has(n.group)) nodes.add(n.id)
  const edges = new Set(sel.edgeIds ?? [])
  if (!nodes.size && !edges.size && !groups.size) return doc
  return {
    ...doc,
    nodes: doc.nodes.filter((n) => !nodes.has(n.id)),
    edges: doc.edges.filter(
      (e) => !edges.has(edgeKey(e)) && !nodes.has(e.source) && !nodes.has(e.target),
    ),
    groups: doc.groups.filter((g) => !groups.has(g.id)),
  }
}

/** What copy puts on the clipboard: blocks, the edges between them, and whole groups. */
export interface Clip {
  readonly nodes: readonly GraphNode[]
  readonly edges: readonly GraphEdge[]
  readonly groups: readonly GraphGroup[]
}

/** Copies the selected blocks and groups (a group brings its blocks) with their internal edges. */
export function copyItems(
  doc: GraphDoc,
  sel: { nodeIds: Iterable<string>; groupIds: Iterable<string> },
): Clip {
  const groupIds = new Set(sel.groupIds)
  const nodeIds = new Set(sel.nodeIds)
  for (const n of doc.nodes) if (n.group !== undefined && groupIds.has(n.group)) nodeIds.add(n.id)
  return {
    nodes: doc.nodes.filter((n) => nodeIds.has(n.id)),
    edges: doc.edges.filter((e) => nodeIds.has(e.source) && nodeIds.has(e.target)),
    groups: doc.groups.filter((g) => groupIds.has(g.id)),
  }
}

/**
 * Pastes a clip shifted by `offset`, with fresh ids: internal edges and tied/shared references
 * follow the copies; blocks whose group was not copied stay in that group if it still exists.
 */
export function pasteClip(doc: GraphDoc, clip: Clip, offset: XY): Added {
  const taken = takenIds(doc)
  // A copy of `dense_2` is `dense_3`, not `dense_2_2`.
  const base = (id: string) => id.replace(/_\d+$/, '')
  const groupIds = new Map(clip.groups.map((g) => [g.id, freshId(base(g.id), taken)]))
  const nodeIds = new Map(clip.nodes.map((n) => [n.id, freshId(base(n.id), taken)]))
  const existingGroups = new Set(doc.groups.map((g) => g.id))
  const renamed = (id: string) => nodeIds.get(id)
  const nodes = clip.nodes.map((n): GraphNode => {
    const { group, share, ...rest } = n
    const newGroup =
      group === undefined
        ? undefined
        : (groupIds.get(group) ?? (existingGroups.has(group) ? group : undefined))
    const newShare = share === undefined ? undefined : (renamed(share) ?? share)
    return {
      ...rest,
      id: nodeIds.get(n.id) ?? n.id,
      params: paramsWithRefs(n, renamed),
      position: { x: n.position.x + offset.x, y: n.position.y + offset.y },
      ...(newGroup !== undefined ? { group: newGroup } : {}),
      ...(newShare !== undefined ? { share: newShare } : {}),
    }
  })
  const edges = clip.edges.map((e): GraphEdge => ({
    source: nodeIds.get(e.source) ?? e.source,
    sourceHandle: e.sourceHandle,
    target: nodeIds.get(e.target) ?? e.target,
    targetHandle: e.targetHandle,
  }))
  const groups = clip.groups.map((g): GraphGroup => ({
    ...g,
    id: groupIds.get(g.id) ?? g.id,
    name: `${g.name} copy`,
  }))
  return {
    doc: {
      ...doc,
      nodes: [...doc.nodes, ...nodes],
      edges: [...doc.edges, ...edges],
      groups: [...doc.groups, ...groups],
    },
    nodeIds: nodes.map((n) => n.id),
    groupIds: groups.map((g) => g.id),
  }
}

/** Changes the document's title or description. */
export function setMeta(
  doc: GraphDoc,
  patch: Partial<Pick<GraphDoc['meta'], 'title' | 'description'>>,
): GraphDoc {
  return { ...doc, meta: { ...doc.meta, ...patch } }
}

/**
 * Switches the training recipe: the optimizer, learning rate, epochs and batch size stay, the
 * recipe's own settings start from their defaults.
 */
export function setRecipe(doc: GraphDoc, recipe: Recipe): GraphDoc {
  if (doc.training.recipe === recipe) return doc
  const t = doc.training
  const common = {
    optimizer: t.optimizer,
    learningRate: t.learningRate,
    epochs: t.epochs,
    batchSize: t.batchSize,
    validationSplit: t.validationSplit,
    clipNorm: t.clipNorm,
    ...(t.seed !== undefined ? { seed: t.seed } : {}),
  }
  return { ...doc, training: trainingSchema.parse({ ...common, recipe }) }
}

/** Replaces the training configuration (already checked against the training schema). */
export function setTraining(doc: GraphDoc, training: GraphDoc['training']): GraphDoc {
  return { ...doc, training }
}

/** Replaces the dataset reference (already checked against the dataset schema). */
export function setDataset(doc: GraphDoc, dataset: GraphDoc['dataset']): GraphDoc {
  return { ...doc, dataset }
}

/** A node's params with the references its block declares (tied layers) renamed where `rename` says. */
function paramsWithRefs(
  node: GraphNode,
  rename: (id: string) => string | undefined,
): Record<string, unknown> {
  const block = getBlock(node.kind)
  return block ? renameRefs(block, node.params, rename) : { ...node.params }
}

/**
 * Gives a block a new id (its layer's name in every export): its edges, the blocks that share its
 * layer and those whose declared references name it (a DenseTranspose tied to it) follow. An id
 * that is taken or malformed is refused with a message.
 */
export function renameNode(doc: GraphDoc, from: string, to: string): Result<GraphDoc> {
  if (from === to) return ok(doc)
  if (!doc.nodes.some((n) => n.id === from)) return err(`there is no block '${from}'`)
  const valid = idSchema.safeParse(to)
  if (!valid.success) return err(`'${to}': ${valid.error.issues[0]?.message ?? 'not an id'}`)
  if (takenIds(doc).has(to)) return err(`the id '${to}' is taken`)
  const rename = (id: string) => (id === from ? to : undefined)
  return ok({
    ...doc,
    nodes: doc.nodes.map((n) => ({
      ...n,
      id: rename(n.id) ?? n.id,
      params: paramsWithRefs(n, rename),
      ...(n.share !== undefined ? { share: rename(n.share) ?? n.share } : {}),
    })),
    edges: doc.edges.map((e) => ({
      ...e,
      source: rename(e.source) ?? e.source,
      target: rename(e.target) ?? e.target,
    })),
  })
}
