import { COMPOSITES, insertComposite } from '../common/graph/composites'
import type { GraphDoc, GraphGroup } from '../common/graph/schema'
import type { Recipe } from '../common/graph/training'
import { canConnect, type Attempt } from './document/connection'
import {
  addBlock,
  connect,
  copyItems,
  deleteItems,
  groupItems,
  ungroup,
  moveNodes,
  pasteClip,
  renameNode,
  setNodeGroup,
  setMeta,
  setParams,
  setDataset,
  setRecipe,
  setTraining,
  updateGroup,
  type XY,
} from './document/edits'
import { BLOCK_SIZE, COLLAPSED_SIZE, groupBoxes, groupTree } from '../common/graph/groups'
import { layoutPositions } from '../common/graph/layout'
import { openGroupAt, overlaps, placeClear } from './document/placement'
import { insertConnected, type DragOrigin } from './document/quickInsert'
import { commit, graphStore, redo, undo, type Capture } from './store/graphStore'
import { validationOf } from './store/derived'
import { NO_SELECTION, requestFit, select, setStatus, useUi } from './store/uiStore'

/** Every editing command the toolbar, menus, keyboard and canvas share. */

const doc = (): GraphDoc => graphStore.getState().doc

/** Adds a block (or a composite from the palette) at a canvas position and selects it. */
export function addPaletteItem(kind: string, at: XY, intoGroup?: string): void {
  const before = doc()
  const composite = COMPOSITES.find((c) => c.kind === kind)
  if (composite) {
    const ins = insertComposite(before, composite, at, intoGroup)
    const groupIds = ins.groupId ? [ins.groupId] : []
    commit(graphStore, placeClear(before, { doc: ins.doc, nodeIds: ins.nodeIds, groupIds }))
    select({ nodeIds: new Set(ins.nodeIds), groupIds: new Set(groupIds) })
    return
  }
  const added = addBlock(before, kind, at, intoGroup)
  commit(graphStore, placeClear(before, added))
  select({ nodeIds: new Set(added.nodeIds) })
}

/**
 * Adds a block of `kind` near `at`, connected to the handle a connection was dragged from, as one
 * undo step; says why in the status bar when it cannot connect.
 */
export function insertConnectedBlock(kind: string, at: XY, from: DragOrigin, into?: string): void {
  const made = insertConnected(doc(), kind, at, from, into)
  if (!made.ok) {
    setStatus(`Cannot insert ${kind}: ${made.error}`, 'error')
    return
  }
  commit(graphStore, made.value.doc)
  select({ nodeIds: new Set(made.value.nodeIds) })
}

/** Connects two blocks if the connection can be valid; otherwise says why in the status bar. */
export function tryConnect(a: Attempt): boolean {
  const d = doc()
  const check = canConnect(d, validationOf(d).report, a)
  if (!check.ok) {
    setStatus(`Cannot connect ${a.source} → ${a.target}: ${check.error}`, 'error')
    return false
  }
  commit(graphStore, connect(d, a))
  return true
}

/** Whether a connection may be made (React Flow asks while the user drags). */
export function connectionAllowed(a: Attempt): boolean {
  return connectionRefusal(a) === null
}

/** Why a connection cannot be made, or null when it can. */
export function connectionRefusal(a: Attempt): string | null {
  const d = doc()
  const check = canConnect(d, validationOf(d).report, a)
  return check.ok ? null : check.error
}

/**
 * Commits the positions of a finished drag as one undo step. A block dropped with its centre inside
 * another group's frame (as the frames stood before the drag) joins that group; one dropped outside
 * its own frame leaves it, for the enclosing group or none. The status bar says which.
 */
export function finishDrag(): void {
  const { dragging } = useUi.getState()
  if (!dragging.size) return
  const d = doc()
  const boxes = groupBoxes(d)
  const tree = groupTree(d)
  const at = new Map(d.nodes.map((n) => [n.id, n.position]))
  const positions = new Map<string, XY>()
  for (const [id, p] of dragging) {
    const origin = boxes.get(id)
    if (!origin) {
      positions.set(id, p)
      continue
    }
    // A dragged group moves its blocks, and those of the groups inside it, by the same amount.
    for (const b of tree.allBlocksIn(id)) {
      const from = at.get(b)
      if (from) positions.set(b, { x: from.x + p.x - origin.x, y: from.y + p.y - origin.y })
    }
  }
  useUi.setState({ dragging: new Map() })
  let next = moveNodes(d, positions)
  const moves: string[] = []
  for (const [id, p] of dragging) {
    const node = d.nodes.find((n) => n.id === id)
    if (!node || boxes.has(id)) continue
    const into = openGroupAt(d, { x: p.x + BLOCK_SIZE.width / 2, y: p.y + BLOCK_SIZE.height / 2 })
    if (into === node.group) continue
    next = setNodeGroup(next, id, into)
    const name = (g: string | undefined) => tree.groups.get(g ?? '')?.name ?? g
    moves.push(
      into !== undefined
        ? `${id} into ${name(into) ?? ''}`
        : `${id} out of ${name(node.group) ?? ''}`,
    )
  }
  commit(graphStore, next)
  if (moves.length) setStatus(`Moved ${moves.join(', ')} (Ctrl+Z undoes)`)
}

/** Sets a block's params (already checked against its schema); a typing burst is one undo step. */
export function editParams(id: string, params: Record<string, unknown>, field: string): void {
  const capture: Capture = { burst: `params:${id}:${field}` }
  commit(graphStore, setParams(doc(), id, params), capture)
}

/**
 * Gives a block a new id (one undo step) and keeps it selected; answers why not when the id is
 * taken or malformed.
 */
export function renameBlock(from: string, to: string): string | null {
  const renamed = renameNode(doc(), from, to)
  if (!renamed.ok) return renamed.error
  if (renamed.value === doc()) return null
  commit(graphStore, renamed.value)
  select({ nodeIds: new Set([to]) })
  return null
}

/** Moves a block into a group or out of all groups. */
export function moveToGroup(id: string, group: string | undefined): void {
  commit(graphStore, setNodeGroup(doc(), id, group))
}

/** Renames a group or changes its role; typing a name is one undo step per burst. */
export function editGroup(
  id: string,
  patch: Partial<Pick<GraphGroup, 'name' | 'role' | 'parent'>>,
): void {
  commit(
    graphStore,
    updateGroup(doc(), id, patch),
    patch.name !== undefined ? { burst: `group:${id}` } : 'step',
  )
}

/** Edits the document's title or description; a typing burst is one undo step. */
export function editMeta(patch: Partial<Pick<GraphDoc['meta'], 'title' | 'description'>>): void {
  const field = patch.title !== undefined ? 'title' : 'description'
  commit(graphStore, setMeta(doc(), patch), { burst: `meta:${field}` })
}

/** Chooses the training recipe (which roles the graph needs). */
export function chooseRecipe(recipe: Recipe): void {
  commit(graphStore, setRecipe(doc(), recipe))
}

/** Changes the training configuration; a typing burst in one field is one undo step. */
export function editTraining(training: GraphDoc['training'], field: string): void {
  commit(graphStore, setTraining(doc(), training), { burst: `training:${field}` })
}

/** Changes the dataset; typing a folder path is one undo step per burst. */
export function editDataset(dataset: GraphDoc['dataset']): void {
  commit(graphStore, setDataset(doc(), dataset), { burst: `dataset:${dataset.kind}` })
}

/**
 * Collapses a group to one node or expands it. An expanded frame that would now cover its
 * neighbours (a folded U-Net stage opening) makes room: the graph is laid out again, in the same
 * undo step.
 */
export function setGroupCollapsed(id: string, collapsed: boolean): void {
  const before = doc()
  const next = updateGroup(before, id, { collapsed })
  if (collapsed || !coversNeighbours(next, id)) {
    commit(graphStore, next)
    return
  }
  void layoutPositions(next).then((at) => {
    if (doc() !== before) return
    commit(graphStore, moveNodes(next, at))
    requestFit()
  })
}

/** Whether a group's frame overlaps a sibling frame or a sibling block. */
function coversNeighbours(d: GraphDoc, id: string): boolean {
  const tree = groupTree(d)
  const boxes = groupBoxes(d)
  const box = boxes.get(id)
  if (!box) return false
  const parent = tree.parentOf(id)
  const siblings = [
    ...tree
      .children(parent)
      .filter((g) => g !== id)
      .map((g) => {
        const b = boxes.get(g)
        return b && tree.groups.get(g)?.collapsed ? { ...b, ...COLLAPSED_SIZE } : b
      }),
    ...tree.blocksIn(parent).map((b) => {
      const n = d.nodes.find((x) => x.id === b)
      return n ? { ...n.position, ...BLOCK_SIZE } : undefined
    }),
  ]
  return siblings.some((b) => b !== undefined && overlaps(box, b))
}

/** Deletes the selection (a selected group takes its blocks). */
export function deleteSelection(): void {
  const { selection } = useUi.getState()
  commit(graphStore, deleteItems(doc(), selection))
  select(NO_SELECTION)
}

/** Puts the selection in a new group, selected so that the inspector names it and gives it a role. */
export function groupSelection(): void {
  const d = doc()
  const { selection } = useUi.getState()
  const n = d.groups.length + 1
  const added = groupItems(d, selection, `Group ${n}`)
  const id = added.groupIds[0]
  if (id === undefined) return
  commit(graphStore, added.doc)
  select({ groupIds: new Set([id]) })
  setStatus(`Grouped ${added.nodeIds.length} block(s): name the group and pick its role`)
  requestAnimationFrame(() => {
    document.querySelector<HTMLInputElement>('#group-name')?.select()
  })
}

/** Dissolves the selected group; its blocks stay, in the group around it. */
export function ungroupSelection(): void {
  const [id] = useUi.getState().selection.groupIds
  if (id === undefined) return
  commit(graphStore, ungroup(doc(), id))
  select(NO_SELECTION)
}

/** Copies the selected blocks and groups to the clipboard; says so as `verb` ("Copied", "Cut"). */
function toClipboard(verb: string): boolean {
  const { selection } = useUi.getState()
  const clip = copyItems(doc(), selection)
  if (!clip.nodes.length && !clip.groups.length) return false
  useUi.setState({ clipboard: clip, pasteCount: 0 })
  setStatus(`${verb} ${clip.nodes.length} block(s)`)
  return true
}

/** Copies the selected blocks and groups. */
export function copySelection(): boolean {
  return toClipboard('Copied')
}

/** Copies, then deletes, the selection. */
export function cutSelection(): void {
  if (toClipboard('Cut')) deleteSelection()
}

/** Pastes the clipboard beside the originals, with fresh ids, and selects the copies. */
export function paste(): void {
  const { clipboard, pasteCount } = useUi.getState()
  if (!clipboard) return
  const step = 40 * (pasteCount + 1)
  const before = doc()
  const added = pasteClip(before, clipboard, { x: step, y: step })
  commit(graphStore, placeClear(before, added))
  useUi.setState({ pasteCount: pasteCount + 1 })
  select({ nodeIds: new Set(added.nodeIds), groupIds: new Set(added.groupIds) })
}

/** Copies and pastes the selection in one step, keeping the clipboard as it was. */
export function duplicateSelection(): void {
  const { selection, clipboard, pasteCount } = useUi.getState()
  const clip = copyItems(doc(), selection)
  if (!clip.nodes.length) return
  const before = doc()
  const added = pasteClip(before, clip, { x: 40, y: 40 })
  commit(graphStore, placeClear(before, added))
  useUi.setState({ clipboard, pasteCount })
  select({ nodeIds: new Set(added.nodeIds), groupIds: new Set(added.groupIds) })
}

/** Selects every block and group. */
export function selectAll(): void {
  const d = doc()
  select({
    nodeIds: new Set(d.nodes.map((n) => n.id)),
    groupIds: new Set(d.groups.map((g) => g.id)),
  })
}

/** Lays the graph out top to bottom, groups side by side, as one undo step. */
export async function autoLayout(): Promise<void> {
  const d = doc()
  const at = await layoutPositions(d)
  // The document may have changed while the layout ran: lay out again rather than move stale blocks.
  if (doc() !== d) return
  commit(graphStore, moveNodes(d, at))
  requestFit()
}

export const undoEdit = (): void => {
  undo(graphStore)
}
export const redoEdit = (): void => {
  redo(graphStore)
}
