/** A rectangle on the screen, as Electron gives and takes them. */
export interface Bounds {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

/** The size the window opens at the first time, where the screen has room for it. */
export const PREFERRED = { width: 1440, height: 900 } as const
/** The smallest window the app is laid out for (1280×800 and up are tested; 1024×700 still works). */
export const MINIMUM = { width: 1024, height: 700 } as const

/**
 * The first window's bounds on a display's work area (the screen less its panels and dock): the
 * preferred size where it fits, else the whole work area, centred. Many laptop screens are
 * smaller than 1440×900 once the panels are taken off.
 */
export function fitDefaultBounds(work: Bounds): Bounds {
  const width = Math.min(PREFERRED.width, work.width)
  const height = Math.min(PREFERRED.height, work.height)
  return {
    x: work.x + Math.round((work.width - width) / 2),
    y: work.y + Math.round((work.height - height) / 2),
    width,
    height,
  }
}

/** The window's minimum size on that work area: never larger than the screen can show. */
export function minimumFor(work: Bounds): { width: number; height: number } {
  return {
    width: Math.min(MINIMUM.width, work.width),
    height: Math.min(MINIMUM.height, work.height),
  }
}
