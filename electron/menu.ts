import { app, Menu, shell, type BrowserWindow } from 'electron'
import { menuTemplate } from './menuTemplate'

/** The app's menus (see `menuTemplate`); `open` gives the window, recreated if it was closed. */
export function buildMenu(open: () => BrowserWindow): Menu {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- Electron's own factory makes the Menu
  return Menu.buildFromTemplate(
    menuTemplate({
      platform: process.platform,
      packaged: app.isPackaged,
      send: (command) => {
        open().webContents.send('menu:command', command)
      },
      openExternal: (url) => void shell.openExternal(url),
    }),
  )
}
