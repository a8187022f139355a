import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { app, screen, type BrowserWindow, type Rectangle } from 'electron'
import { fitDefaultBounds } from './bounds'

interface WindowState {
  readonly bounds: Rectangle
  readonly maximized: boolean
}

const file = () => join(app.getPath('userData'), 'window-state.json')

/** The last window bounds, if they still fit on a connected display; else fitted to the primary one. */
export function loadWindowState(): WindowState {
  const DEFAULT: WindowState = {
    bounds: fitDefaultBounds(screen.getPrimaryDisplay().workArea),
    maximized: false,
  }
  try {
    const s = JSON.parse(readFileSync(file(), 'utf8')) as WindowState
    const visible = screen.getAllDisplays().some((d) => {
      const a = d.workArea
      return (
        s.bounds.x < a.x + a.width &&
        s.bounds.x + s.bounds.width > a.x &&
        s.bounds.y < a.y + a.height &&
        s.bounds.y + s.bounds.height > a.y
      )
    })
    return visible && s.bounds.width >= 800 && s.bounds.height >= 600 ? s : DEFAULT
  } catch {
    return DEFAULT
  }
}

/** Remembers the window's bounds and maximized state when it closes. */
export function trackWindowState(win: BrowserWindow): void {
  win.on('close', () => {
    const state: WindowState = { bounds: win.getNormalBounds(), maximized: win.isMaximized() }
    try {
      writeFileSync(file(), JSON.stringify(state))
    } catch {
      // Not remembering the window is no reason to stop the app from closing.
    }
  })
}
