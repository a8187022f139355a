import { z } from 'zod'
import { create } from 'zustand'

/** The side panels a user can fold away. */
export const PANELS = ['palette', 'inspector', 'problems', 'summary', 'dock'] as const
export type PanelId = (typeof PANELS)[number]

/** How shapes read: Keras's `(None, 28, 28)` or the list form `[null,28,28]` messages use. */
export const SHAPE_STYLES = ['keras', 'list'] as const
export type ShapeStyle = (typeof SHAPE_STYLES)[number]

/** Width bounds of the resizable columns, in CSS pixels. */
export const WIDTHS = {
  palette: { min: 150, max: 360, initial: 210 },
  side: { min: 260, max: 640, initial: 330 },
} as const
/** Height bounds of the training dock while open, in CSS pixels. */
export const DOCK_HEIGHT = { min: 90, max: 900, initial: 300 } as const

const width = (b: { min: number; max: number; initial: number }) =>
  z.number().min(b.min).max(b.max).catch(b.initial)

/** The editor's layout and display preferences, remembered across sessions (never in documents). */
const prefsSchema = z.object({
  paletteWidth: width(WIDTHS.palette),
  sideWidth: width(WIDTHS.side),
  dockHeight: width(DOCK_HEIGHT),
  collapsed: z
    .object(
      Object.fromEntries(PANELS.map((p) => [p, z.boolean().catch(false)])) as Record<
        PanelId,
        z.ZodCatch<z.ZodBoolean>
      >,
    )
    .catch({ palette: false, inspector: false, problems: false, summary: false, dock: false }),
  shapeStyle: z.enum(SHAPE_STYLES).catch('keras'),
})
export type Prefs = z.output<typeof prefsSchema>

const KEY = 'latent-studio.prefs'

/** The stored preferences, each unreadable or out-of-range one replaced by its default. */
export function readPrefs(raw: string | null): Prefs {
  let value: unknown
  try {
    value = raw === null ? {} : JSON.parse(raw)
  } catch {
    value = {}
  }
  return prefsSchema.parse(typeof value === 'object' && value !== null ? value : {})
}

const storage = typeof localStorage === 'undefined' ? null : localStorage

export const usePrefs = create<Prefs>()(() => readPrefs(storage?.getItem(KEY) ?? null))

usePrefs.subscribe((prefs) => {
  storage?.setItem(KEY, JSON.stringify(prefs))
})

/** Folds or unfolds a side panel. */
export function togglePanel(id: PanelId): void {
  usePrefs.setState((s) => ({ collapsed: { ...s.collapsed, [id]: !s.collapsed[id] } }))
}

/** Sets a preference within its bounds (the schema clamps nothing: out of range keeps the old one). */
export function setPref(key: 'paletteWidth' | 'sideWidth' | 'dockHeight', value: number): void {
  const bounds =
    key === 'paletteWidth' ? WIDTHS.palette : key === 'sideWidth' ? WIDTHS.side : DOCK_HEIGHT
  usePrefs.setState({ [key]: Math.round(Math.min(bounds.max, Math.max(bounds.min, value))) })
}
