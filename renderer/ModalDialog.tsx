import { useEffect, useRef, type ReactNode } from 'react'

/** A modal <dialog>, shown when mounted; Escape asks `onCancel` (null: it cannot be dismissed). */
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
    >
      {children}
    </dialog>
  )
}
