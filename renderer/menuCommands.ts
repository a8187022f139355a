import { useEffect } from 'react'
import type { ShellBridge } from '../common/api'
import { runCommand } from './commandTable'

/** Runs the desktop menus' commands (only under Electron, whose preload exposes the shell). */
export function useMenuCommands(): void {
  useEffect(() => {
    const shell = (window as { latentStudioShell?: ShellBridge }).latentStudioShell
    return shell?.onMenuCommand((command) => {
      runCommand(command)
    })
  }, [])
}
