import { useRef } from 'react'
import './Splitter.css'

interface Props {
  /** What it resizes, for assistive technology: "Resize the inspector". */
  readonly label: string
  /** `vertical`: a bar between columns (drags left and right); `horizontal`: between rows. */
  readonly orientation: 'vertical' | 'horizontal'
  readonly value: number
  readonly min: number
  readonly max: number
  /** The panel grows as the pointer moves left (or up) rather than right (or down). */
  readonly inverted?: boolean
  readonly onChange: (value: number) => void
}

/**
 * A drag bar that resizes the panel beside it; the arrow keys move it by 16 px when focused, and a
 * double click puts it back to where the drag started.
 */
export function Splitter({ label, orientation, value, min, max, inverted, onChange }: Props) {
  const start = useRef<{ pointer: number; value: number } | null>(null)
  const sign = inverted ? -1 : 1
  const along = (e: { clientX: number; clientY: number }) =>
    orientation === 'vertical' ? e.clientX : e.clientY
  return (
    <div
      className={`splitter splitter-${orientation}`}
      role="separator"
      aria-label={label}
      aria-orientation={orientation}
      aria-valuenow={value}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId)
        start.current = { pointer: along(e), value }
      }}
      onPointerMove={(e) => {
        const s = start.current
        if (s) onChange(s.value + sign * (along(e) - s.pointer))
      }}
      onPointerUp={() => {
        start.current = null
      }}
      onKeyDown={(e) => {
        const step =
          e.key === 'ArrowLeft' || e.key === 'ArrowUp'
            ? -16
            : e.key === 'ArrowRight' || e.key === 'ArrowDown'
              ? 16
              : 0
        if (!step) return
        e.preventDefault()
        onChange(value + sign * step)
      }}
    />
  )
}
