import { memo } from 'react'
import type { GraphDoc } from '../../common/graph/schema'
import {
  BLOCK_HEIGHT,
  BLOCK_SIZE,
  BLOCK_WIDTH,
  COLLAPSED_SIZE,
  groupBoxes,
  groupTree,
  type Box,
} from '../../common/graph/groups'

/**
 * A small picture of a graph as the canvas first shows it: its open frames, its blocks and folded
 * groups, and their connections, scaled to fit.
 */
export const Thumbnail = memo(function Thumbnail({ doc }: { doc: GraphDoc }) {
  const tree = groupTree(doc)
  const boxes = groupBoxes(doc)
  const roleOf = new Map(doc.groups.map((g) => [g.id, g.role]))
  const shown = [...boxes].filter(([id]) => tree.hiddenBy(tree.parentOf(id)) === undefined)
  const frames = shown.filter(([id]) => !tree.groups.get(id)?.collapsed)
  const folded = shown
    .filter(([id]) => tree.groups.get(id)?.collapsed)
    .map(([id, b]): [string, Box] => [id, { x: b.x, y: b.y, ...COLLAPSED_SIZE }])
  const blocks = doc.nodes
    .filter((n) => tree.hiddenBy(n.group) === undefined)
    .map((n): [string, Box] => [n.id, { ...n.position, ...BLOCK_SIZE }])
  // A block folded away is drawn as the outermost folded group around it.
  const drawn = new Map([...blocks, ...folded])
  const endOf = (node: string) => {
    const group = doc.nodes.find((n) => n.id === node)?.group
    return drawn.get(tree.hiddenBy(group) ?? node)
  }
  const rects = [...frames.map(([, b]) => b), ...drawn.values()]
  const x0 = Math.min(0, ...rects.map((b) => b.x))
  const y0 = Math.min(0, ...rects.map((b) => b.y))
  const x1 = Math.max(BLOCK_WIDTH, ...rects.map((b) => b.x + b.width))
  const y1 = Math.max(BLOCK_HEIGHT, ...rects.map((b) => b.y + b.height))
  return (
    <svg
      className="thumbnail"
      viewBox={`${x0 - 10} ${y0 - 10} ${x1 - x0 + 20} ${y1 - y0 + 20}`}
      aria-hidden="true"
    >
      {frames.map(([id, b]) => (
        <rect
          key={id}
          className={`thumb-group role-${roleOf.get(id) ?? 'model'}`}
          x={b.x}
          y={b.y}
          width={b.width}
          height={b.height}
          rx={12}
        />
      ))}
      {doc.edges.map((e, i) => {
        const s = endOf(e.source)
        const t = endOf(e.target)
        if (!s || !t || s === t) return null
        return (
          <line
            key={i}
            className="thumb-edge"
            x1={s.x + s.width / 2}
            y1={s.y + s.height}
            x2={t.x + t.width / 2}
            y2={t.y}
          />
        )
      })}
      {[...drawn].map(([id, b]) => (
        <rect
          key={id}
          className="thumb-node"
          x={b.x}
          y={b.y}
          width={b.width}
          height={b.height}
          rx={8}
        />
      ))}
    </svg>
  )
})
