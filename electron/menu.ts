import { app, Menu, shell, type BrowserWindow, type MenuItemConstructorOptions } from 'electron'
import type { MenuCommand } from '../common/api'

const REPO = 'https://github.com/latent-studio/latent-studio'

/**
 * The native menus. Each item sends a command to the renderer, which runs the same action as its
 * toolbar button or shortcut (the accelerators are the shortcuts' own).
 */
export function buildMenu(win: () => BrowserWindow | null): Menu {
  const send = (command: MenuCommand) => () => {
    win()?.webContents.send('menu:command', command)
  }
  const item = (
    label: string,
    command: MenuCommand,
    accelerator?: string,
  ): MenuItemConstructorOptions => ({
    label,
    click: send(command),
    ...(accelerator ? { accelerator } : {}),
  })
  const mac = process.platform === 'darwin'
  const template: MenuItemConstructorOptions[] = [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        item('New', 'new', 'CmdOrCtrl+N'),
        item('Open…', 'open', 'CmdOrCtrl+O'),
        item('Templates…', 'templates', 'CmdOrCtrl+Shift+N'),
        { type: 'separator' },
        item('Save', 'save', 'CmdOrCtrl+S'),
        item('Save As…', 'saveAs', 'CmdOrCtrl+Shift+S'),
        { type: 'separator' },
        item('Export Run…', 'export', 'CmdOrCtrl+E'),
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: '&Edit',
      submenu: [
        item('Undo', 'undo', 'CmdOrCtrl+Z'),
        item('Redo', 'redo', 'CmdOrCtrl+Shift+Z'),
        { type: 'separator' },
        item('Cut', 'cut', 'CmdOrCtrl+X'),
        item('Copy', 'copy', 'CmdOrCtrl+C'),
        item('Paste', 'paste', 'CmdOrCtrl+V'),
        item('Duplicate', 'duplicate', 'CmdOrCtrl+D'),
        item('Delete', 'delete', 'Delete'),
        { type: 'separator' },
        item('Select All', 'selectAll', 'CmdOrCtrl+A'),
      ],
    },
    {
      label: '&View',
      submenu: [
        item('Fit Graph', 'fitView', 'F'),
        item('Auto Layout', 'autoLayout', 'CmdOrCtrl+L'),
        item('Run History', 'runHistory', 'CmdOrCtrl+H'),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
      ],
    },
    {
      label: '&Train',
      submenu: [
        item('Train', 'train', 'CmdOrCtrl+Enter'),
        item('Pause / Resume', 'pauseResume', 'CmdOrCtrl+P'),
        item('Stop', 'stop', 'CmdOrCtrl+.'),
      ],
    },
    {
      label: '&Help',
      submenu: [
        { label: 'Documentation', click: () => void shell.openExternal(`${REPO}#readme`) },
        { label: 'Report a Problem', click: () => void shell.openExternal(`${REPO}/issues`) },
        ...(mac ? [] : [{ role: 'about' as const }]),
      ],
    },
  ]
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- Electron's own factory makes the Menu
  return Menu.buildFromTemplate(template)
}
