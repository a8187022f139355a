import { useEffect, useState, type RefObject } from 'react'

/**
 * The size of an element's parent box, kept current as it resizes: what a panel docked in it can
 * take without its own content feeding back into the measure (0 × 0 until laid out).
 */
export function useParentSize(ref: RefObject<HTMLElement | null>): {
  width: number
  height: number
} {
  const [size, setSize] = useState({ width: 0, height: 0 })
  useEffect(() => {
    const parent = ref.current?.parentElement
    if (!parent) return
    const measure = () => {
      const width = parent.clientWidth
      const height = parent.clientHeight
      setSize((s) => (s.width === width && s.height === height ? s : { width, height }))
    }
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(parent)
    return () => {
      observer.disconnect()
    }
  }, [ref])
  return size
}
