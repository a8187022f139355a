import { useState, type ReactNode } from 'react'
import type { PreviewPoints } from '../store/runStore'
import { nearestPoint } from './nearestPoint'

/** How near (in screen pixels) the pointer must come to a point to show it. */
const REACH = 8
/** One tile of a points sheet drawn at a whole-number scale, its pixels crisp. */
function Tile({
  sheet,
  index,
  shown,
}: {
  sheet: NonNullable<PreviewPoints['sheet']>
  index: number
  shown: number
}) {
  const { width, height } = sheet.tile
  const k = Math.max(1, Math.floor(shown / Math.max(width, height)))
  const col = index % sheet.columns
  const row = Math.floor(index / sheet.columns)
  const sheetWidth = sheet.columns * (width + 1) + 1
  return (
    <span
      className="point-tile"
      role="img"
      aria-label="the point's image"
      style={{
        width: width * k,
        height: height * k,
        backgroundImage: `url(${sheet.src})`,
        backgroundSize: `${String(sheetWidth * k)}px auto`,
        backgroundPosition: `${String(-(col * (width + 1) + 1) * k)}px ${String(-(row * (height + 1) + 1) * k)}px`,
      }}
    />
  )
}

/**
 * A plot whose points show, under the pointer, the image each stands for and its class: the point
 * nearest the pointer (within a few pixels) is ringed and its image floats beside it, about
 * `shown` pixels large.
 */
export function PointHover({
  points,
  width,
  height,
  shown,
  children,
}: {
  points: PreviewPoints
  width: number
  height: number
  shown: number
  children: ReactNode
}) {
  const [hovered, setHovered] = useState<number | null>(null)
  const at =
    hovered === null
      ? null
      : { x: (points.xy[2 * hovered] ?? 0) * width, y: (points.xy[2 * hovered + 1] ?? 0) * height }
  return (
    <span
      className="point-hover"
      style={{ width, height }}
      onPointerMove={(e) => {
        const box = e.currentTarget.getBoundingClientRect()
        const x = e.clientX - box.left
        const y = e.clientY - box.top
        setHovered(nearestPoint(points.xy, x, y, box.width, box.height, REACH))
      }}
      onPointerLeave={() => {
        setHovered(null)
      }}
    >
      {children}
      {hovered !== null && at && (
        <>
          <span className="point-ring" style={{ left: at.x, top: at.y }} />
          <span
            className="point-card"
            data-testid="point-hover"
            style={{
              // Beside the point, on the side with room.
              ...(at.x < width / 2 ? { left: at.x + 10 } : { right: width - at.x + 10 }),
              ...(at.y < height / 2 ? { top: at.y + 10 } : { bottom: height - at.y + 10 }),
            }}
          >
            {points.sheet && <Tile sheet={points.sheet} index={hovered} shown={shown} />}
            <span className="point-class">
              {points.classes?.[hovered] ?? `example ${String(hovered + 1)}`}
            </span>
          </span>
        </>
      )}
    </span>
  )
}
