import { useEffect } from 'react'
import type { ShellBridge } from '../common/api'
import { commandSpec } from '../common/commands'
import { runCommand } from './commandTable'
import { isTyping } from './shortcuts'
import { openPendingDocuments } from './documentCommands'

/**
 * Runs the desktop menus' commands, and opens the documents the desktop asks for: those waiting
 * at start and those that arrive later (only under Electron, whose preload exposes the shell).
 */
export function useMenuCommands(): void {
  useEffect(() => {
    const shell = (window as { latentStudioShell?: ShellBridge }).latentStudioShell
    if (!shell) return
    const offCommands = shell.onMenuCommand((command) => {
      // Chosen while typing in a text field: the field's own edit, or nothing; never the graph's.
      const spec = commandSpec(command)
      if (isTyping(document.activeElement) && !spec.inTextFields) {
        if (spec.textTwin) void shell.call('edit:text', { action: spec.textTwin })
        return
      }
      runCommand(command)
    })
    const open = () => void openPendingDocuments()
    const offDocuments = shell.onDocumentsWaiting(open)
    open()
    return () => {
      offCommands()
      offDocuments()
    }
  }, [])
}
