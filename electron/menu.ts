import { app, Menu, shell, type BrowserWindow, type MenuItemConstructorOptions } from 'electron'
import {
  acceleratorOf,
  commandSpec,
  menuSections,
  type CommandId,
  type MenuName,
} from '../common/commands'

const REPO = 'https://github.com/latent-studio/latent-studio'

const TITLES: Readonly<Record<MenuName, string>> = {
  file: '&File',
  edit: '&Edit',
  view: '&View',
  train: '&Train',
}

/**
 * The native menus, built from the command table: each item sends its command to the renderer,
 * which runs the same action as its toolbar button or shortcut (the accelerator is the command's
 * first shortcut). Electron's own roles (quit, zoom, full screen) are added around them.
 */
export function buildMenu(win: () => BrowserWindow | null): Menu {
  const item = (command: CommandId): MenuItemConstructorOptions => {
    const spec = commandSpec(command)
    const chord = spec.chords[0]
    return {
      label: spec.label,
      click: () => {
        win()?.webContents.send('menu:command', command)
      },
      ...(chord ? { accelerator: acceleratorOf(chord) } : {}),
    }
  }
  const commands = (menu: MenuName): MenuItemConstructorOptions[] =>
    menuSections(menu).flatMap((section, i) => [
      ...(i > 0 ? [{ type: 'separator' as const }] : []),
      ...section.map(item),
    ])
  const mac = process.platform === 'darwin'
  const template: MenuItemConstructorOptions[] = [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: TITLES.file,
      submenu: [
        ...commands('file'),
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { label: TITLES.edit, submenu: commands('edit') },
    {
      label: TITLES.view,
      submenu: [
        ...commands('view'),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
      ],
    },
    { label: TITLES.train, submenu: commands('train') },
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
