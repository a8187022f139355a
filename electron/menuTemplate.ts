import type { MenuItemConstructorOptions } from 'electron'
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

/** What the menus act on; Electron's in the app, fakes in tests. */
export interface MenuHost {
  readonly platform: NodeJS.Platform
  readonly packaged: boolean
  /** Sends a command to the window (opened again if it was closed). */
  readonly send: (command: CommandId) => void
  readonly openExternal: (url: string) => void
}

/**
 * Text editing on macOS goes through the menu: a text field copies, pastes and undoes only when
 * an Edit item with the role does. These are hidden (the visible Edit items are the graph's) but
 * their key equivalents work: a key the page did not handle (it handles the graph's shortcuts
 * itself, outside text fields) reaches them, so text fields keep their editing keys.
 */
const MAC_TEXT_ROLES = ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll'] as const

/**
 * The native menus, built from the command table: each item sends its command to the renderer,
 * which runs the same action as its toolbar button. The items show their shortcut but do not
 * register it: the page runs shortcuts itself, and only where they apply (graph commands not
 * while typing in a text field, Save and Open everywhere), so F, Delete or Ctrl+C typed into a
 * field stay the field's. Electron's own roles (quit, hide, zoom, full screen) are added around.
 */
export function menuTemplate(host: MenuHost): MenuItemConstructorOptions[] {
  const mac = host.platform === 'darwin'
  const item = (command: CommandId): MenuItemConstructorOptions => {
    const spec = commandSpec(command)
    const chord = spec.chords[0]
    return {
      label: spec.label,
      click: () => {
        host.send(command)
      },
      ...(chord ? { accelerator: acceleratorOf(chord), registerAccelerator: false } : {}),
    }
  }
  const commands = (menu: MenuName): MenuItemConstructorOptions[] =>
    menuSections(menu).flatMap((section, i) => [
      ...(i > 0 ? [{ type: 'separator' as const }] : []),
      ...section.map(item),
    ])
  const textRoles: MenuItemConstructorOptions[] = mac
    ? MAC_TEXT_ROLES.map((role) => ({ role, visible: false, acceleratorWorksWhenHidden: true }))
    : []
  return [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: TITLES.file,
      submenu: [
        ...commands('file'),
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { label: TITLES.edit, submenu: [...textRoles, ...commands('edit')] },
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
        ...(host.packaged ? [] : [{ role: 'toggleDevTools' as const }]),
      ],
    },
    { label: TITLES.train, submenu: commands('train') },
    ...(mac ? [{ role: 'windowMenu' as const }] : []),
    {
      label: '&Help',
      submenu: [
        {
          label: 'Documentation',
          click: () => {
            host.openExternal(`${REPO}#readme`)
          },
        },
        {
          label: 'Report a Problem',
          click: () => {
            host.openExternal(`${REPO}/issues`)
          },
        },
        ...(mac ? [] : [{ role: 'about' as const }]),
      ],
    },
  ]
}
