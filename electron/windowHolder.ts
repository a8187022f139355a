/** The part of a BrowserWindow the holder needs (a fake one in tests). */
export interface HeldWindow {
  isDestroyed(): boolean
  once(event: 'closed', listener: () => void): unknown
}

/**
 * The app's one window: `current()` is the open window or null (never a destroyed one), `open()`
 * returns it or creates a new one. On macOS the app outlives its window, so menus and dock clicks
 * call `open()`: a menu used after the window closed recreates it instead of throwing "Object has
 * been destroyed".
 */
export function windowHolder<W extends HeldWindow>(create: () => W) {
  let window: W | null = null
  const current = (): W | null => (window && !window.isDestroyed() ? window : null)
  return {
    current,
    open: (): W => {
      const open = current()
      if (open) return open
      const w = create()
      window = w
      w.once('closed', () => {
        if (window === w) window = null
      })
      return w
    },
  }
}
