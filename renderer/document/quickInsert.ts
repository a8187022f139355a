import { CATEGORIES, type Category } from '../../common/graph/block'
import { BLOCKS, getBlock } from '../../common/graph/blocks'
import { err, ok, type Result } from '../../common/graph/result'
import { inferShapes } from '../../common/graph/inferShapes'
import type { GraphDoc } from '../../common/graph/schema'
import type { Shape } from '../../common/graph/shape'
import { canConnect, type Attempt } from './connection'
import { addBlock, connect, type Added, type XY } from './edits'
import { placeClear } from './placement'

/** The handle a connection was dragged from: a block's output, or one of its inputs. */
export interface DragOrigin {
  readonly node: string
  readonly handle: string
  readonly side: 'source' | 'target'
}

/** A block that can be inserted there, connected, and the shape its output would have. */
export interface Candidate {
  readonly kind: string
  readonly label: string
  readonly description: string
  readonly category: Category
  /** Its output shape once connected, when inference knows it. */
  readonly shape: Shape | null
}

/** A block of `kind` added at `at` and the connection joining it to `from`, or why it cannot join. */
function attach(
  doc: GraphDoc,
  kind: string,
  at: XY,
  from: DragOrigin,
  group?: string,
): Result<{ added: Added; joint: Attempt }> {
  const added = addBlock(doc, kind, at, group)
  const [id = ''] = added.nodeIds
  const node = added.doc.nodes.find((n) => n.id === id)
  const first = node && getBlock(kind)?.inputs(node.params)[0]
  const joint: Attempt | null =
    from.side === 'target'
      ? { source: id, target: from.node, targetHandle: from.handle }
      : first
        ? { source: from.node, target: id, targetHandle: first.id }
        : null
  if (!joint) return err(`${getBlock(kind)?.label ?? kind} has no input`)
  const check = canConnect(added.doc, inferShapes(added.doc), joint)
  return check.ok ? ok({ added, joint }) : err(check.error)
}

/** A block of `kind` added near `at` (clear of the others) and connected to `from`, or why not. */
export function insertConnected(
  doc: GraphDoc,
  kind: string,
  at: XY,
  from: DragOrigin,
  group?: string,
): Result<Added> {
  const made = attach(doc, kind, at, from, group)
  if (!made.ok) return made
  const { added, joint } = made.value
  return ok({ ...added, doc: connect(placeClear(doc, added), joint) })
}

/**
 * Every block kind that accepts what the drag came from (a block's output: the blocks whose input
 * takes its shape; an input: every block, its shape unknown until it is fed), in palette order.
 */
export function insertCandidates(doc: GraphDoc, from: DragOrigin): Candidate[] {
  const out: Candidate[] = []
  const order = new Map(CATEGORIES.map((c, i) => [c, i]))
  const kinds = Object.values(BLOCKS).sort(
    (a, b) => (order.get(a.category) ?? 0) - (order.get(b.category) ?? 0),
  )
  for (const block of kinds) {
    const made = attach(doc, block.kind, { x: 0, y: 0 }, from)
    if (!made.ok) continue
    const { added, joint } = made.value
    const [id = ''] = added.nodeIds
    out.push({
      kind: block.kind,
      label: block.label,
      description: block.description,
      category: block.category,
      shape: inferShapes(connect(added.doc, joint)).shapes.get(id) ?? null,
    })
  }
  return out
}
