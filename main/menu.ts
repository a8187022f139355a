/**
 * Commands the desktop menus send to the renderer, which runs the same actions as its toolbar and
 * shortcuts. Pure: the shell and the renderer share the list.
 */
export const MENU_COMMANDS = [
  'new',
  'open',
  'save',
  'saveAs',
  'templates',
  'undo',
  'redo',
  'cut',
  'copy',
  'paste',
  'duplicate',
  'selectAll',
  'delete',
  'fitView',
  'autoLayout',
  'train',
  'pauseResume',
  'stop',
  'export',
  'runHistory',
] as const
export type MenuCommand = (typeof MENU_COMMANDS)[number]

/** What the Electron preload exposes on `window.latentStudioShell` besides the engine. */
export interface ShellBridge {
  readonly platform: string
  onMenuCommand(listener: (command: MenuCommand) => void): () => void
}
