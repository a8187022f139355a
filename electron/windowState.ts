import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { app, screen, type BrowserWindow, type Rectangle } from 'electron'

interface WindowState {
  readonly bounds: Rectangle
  readonly maximized: boolean
}

const file = () => join(app.getPath('userData'), 'window-state.json')
const DEFAULT: WindowState = { bounds: { x: 0, y: 0, width: 1440, height: 900 }, maximized: false }

/** The last window bounds, if they still fit on a connected display. */
export function loadWindowState(): WindowState {
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
