import { useEffect, useRef, type ReactNode } from 'react'

/**
 * A modal <dialog>, shown when mounted; Escape and a click on the backdrop (outside the dialog's
 * box) ask `onCancel` (null: it cannot be dismissed).
 */
export function ModalDialog({
  className,
  labelledBy,
  onCancel,
  children,
}: {
  className: string
  labelledBy: string
  onCancel: (() => void) | null
  children: ReactNode
}) {
  const dialog = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const d = dialog.current
    if (d && !d.open) d.showModal()
  }, [])
  return (
    <dialog
      ref={dialog}
      className={className}
      aria-labelledby={labelledBy}
      onCancel={(e) => {
        e.preventDefault()
        onCancel?.()
      }}
      onMouseDown={(e) => {
        // The backdrop belongs to the dialog element: a press there is outside its box.
        if (e.target !== e.currentTarget || !onCancel) return
        const r = e.currentTarget.getBoundingClientRect()
        const inside =
          e.clientX >= r.left && e.clientX <= r.right && e.clientY >= r.top && e.clientY <= r.bottom
        if (!inside) onCancel()
      }}
    >
      {children}
    </dialog>
  )
}
