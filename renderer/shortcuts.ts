import { useEffect } from 'react'
import {
  copySelection,
  cutSelection,
  deleteSelection,
  duplicateSelection,
  paste,
  redoEdit,
  selectAll,
  undoEdit,
} from './commands'
import { openDocument, save } from './documentCommands'
import { NO_SELECTION, select, useUi } from './store/uiStore'

type Action = () => void

/** A key chord: `mod` is Ctrl, or Cmd on macOS. */
interface Chord {
  readonly key: string
  readonly mod?: boolean
  readonly shift?: boolean
}

/** The editor's keyboard shortcuts, in one table (menus show the same chords). */
export const SHORTCUTS: readonly (readonly [Chord, Action, string])[] = [
  [{ key: 'z', mod: true }, undoEdit, 'Undo'],
  [{ key: 'z', mod: true, shift: true }, redoEdit, 'Redo'],
  [{ key: 'y', mod: true }, redoEdit, 'Redo'],
  [{ key: 'c', mod: true }, () => void copySelection(), 'Copy'],
  [{ key: 'x', mod: true }, cutSelection, 'Cut'],
  [{ key: 'v', mod: true }, paste, 'Paste'],
  [{ key: 'd', mod: true }, duplicateSelection, 'Duplicate'],
  [{ key: 'a', mod: true }, selectAll, 'Select all'],
  [{ key: 's', mod: true }, () => void save(false), 'Save'],
  [{ key: 's', mod: true, shift: true }, () => void save(true), 'Save as'],
  [{ key: 'o', mod: true }, () => void openDocument(), 'Open'],
  [{ key: 'Delete' }, deleteSelection, 'Delete'],
  [
    { key: 'Escape' },
    () => {
      select(NO_SELECTION)
    },
    'Select none',
  ],
  [{ key: 'Backspace' }, deleteSelection, 'Delete'],
  [
    { key: 'f' },
    () => {
      useUi.setState((s) => ({ fitRequest: s.fitRequest + 1 }))
    },
    'Fit view',
  ],
]

const isMac = () => /Mac|iPhone|iPad/.test(navigator.platform)

/** Finds the action of a key event, if any. */
export function actionFor(
  e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>,
  mac = false,
): Action | undefined {
  const mod = mac ? e.metaKey : e.ctrlKey
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key
  if (e.altKey) return undefined
  return SHORTCUTS.find(
    ([c]) => c.key === key && (c.mod ?? false) === mod && (c.shift ?? false) === e.shiftKey,
  )?.[1]
}

const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement &&
  (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))

/** Installs the shortcuts on the window; text fields keep their own editing keys. */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mac = isMac()
      const mod = mac ? e.metaKey : e.ctrlKey
      // In a text field only the document-level chords (save, open) apply; its own undo stays its own.
      if (typing(e.target) && !(mod && ['s', 'o'].includes(e.key.toLowerCase()))) return
      if (e.target instanceof HTMLElement && e.target.closest('dialog')) return
      const action = actionFor(e, mac)
      if (!action) return
      e.preventDefault()
      action()
    }
    window.addEventListener('keydown', onKey)
    return () => {
      window.removeEventListener('keydown', onKey)
    }
  }, [])
}
