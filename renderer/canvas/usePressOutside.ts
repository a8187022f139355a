import { useEffect, type RefObject } from 'react'

/** Calls `onOutside` when a mouse button goes down outside `box`, while `active`. */
export function usePressOutside(
  box: RefObject<HTMLElement | null>,
  active: boolean,
  onOutside: () => void,
): void {
  useEffect(() => {
    if (!active) return
    const away = (e: MouseEvent) => {
      if (!box.current?.contains(e.target as Node)) onOutside()
    }
    window.addEventListener('mousedown', away)
    return () => {
      window.removeEventListener('mousedown', away)
    }
  }, [box, active, onOutside])
}
