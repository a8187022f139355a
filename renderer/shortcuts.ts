import { useEffect } from 'react'
import { COMMAND_IDS, commandSpec, type Chord, type CommandId } from '../common/commands'
import { runCommand } from './commandTable'

type KeyEventLike = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>

const matches = (c: Chord, e: KeyEventLike, mac: boolean, key: string): boolean =>
  c.key === key &&
  (c.mod ?? false) === (mac ? e.metaKey : e.ctrlKey) &&
  (c.shift ?? false) === e.shiftKey

/** The command a key event is the shortcut of, if any (from the command table's chords). */
export function commandFor(e: KeyEventLike, mac = false): CommandId | undefined {
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key
  if (e.altKey) return undefined
  return COMMAND_IDS.find((id) => commandSpec(id).chords.some((c) => matches(c, e, mac, key)))
}

export const isMac = () => /Mac|iPhone|iPad/.test(navigator.platform)

/** Whether keys at this element type text (a field), so graph shortcuts leave them alone. */
export const isTyping = (t: EventTarget | null): boolean =>
  t instanceof HTMLElement &&
  (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))

/** Installs the shortcuts on the window; text fields keep their own editing keys. */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLElement && e.target.closest('dialog')) return
      const id = commandFor(e, isMac())
      if (!id) return
      // In a text field only the document-level commands (save, open) apply; its own undo stays its own.
      if (isTyping(e.target) && !commandSpec(id).inTextFields) return
      e.preventDefault()
      runCommand(id)
    }
    window.addEventListener('keydown', onKey)
    return () => {
      window.removeEventListener('keydown', onKey)
    }
  }, [])
}
