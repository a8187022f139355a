import { memo } from 'react'
import type { GraphDoc } from '../../common/graph/schema'
import { BLOCK_HEIGHT, BLOCK_WIDTH, groupBoxes } from '../../common/graph/groups'

/** A small picture of a graph: its groups, blocks and connections, scaled to fit. */
export const Thumbnail = memo(function Thumbnail({ doc }: { doc: GraphDoc }) {
  const boxes = [...groupBoxes(doc).entries()]
  const xs = [...doc.nodes.map((n) => n.position.x), ...boxes.map(([, b]) => b.x)]
  const ys = [...doc.nodes.map((n) => n.position.y), ...boxes.map(([, b]) => b.y)]
  const x0 = Math.min(0, ...xs)
  const y0 = Math.min(0, ...ys)
  const x1 = Math.max(
    BLOCK_WIDTH,
    ...doc.nodes.map((n) => n.position.x + BLOCK_WIDTH),
    ...boxes.map(([, b]) => b.x + b.width),
  )
  const y1 = Math.max(
    BLOCK_HEIGHT,
    ...doc.nodes.map((n) => n.position.y + BLOCK_HEIGHT),
    ...boxes.map(([, b]) => b.y + b.height),
  )
  const at = new Map(doc.nodes.map((n) => [n.id, n.position]))
  const roleOf = new Map(doc.groups.map((g) => [g.id, g.role]))
  return (
    <svg
      className="thumbnail"
      viewBox={`${x0 - 10} ${y0 - 10} ${x1 - x0 + 20} ${y1 - y0 + 20}`}
      aria-hidden="true"
    >
      {boxes.map(([id, b]) => (
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
        const s = at.get(e.source)
        const t = at.get(e.target)
        if (!s || !t) return null
        return (
          <line
            key={i}
            className="thumb-edge"
            x1={s.x + BLOCK_WIDTH / 2}
            y1={s.y + BLOCK_HEIGHT}
            x2={t.x + BLOCK_WIDTH / 2}
            y2={t.y}
          />
        )
      })}
      {doc.nodes.map((n) => (
        <rect
          key={n.id}
          className="thumb-node"
          x={n.position.x}
          y={n.position.y}
          width={BLOCK_WIDTH}
          height={BLOCK_HEIGHT}
          rx={8}
        />
      ))}
    </svg>
  )
})
