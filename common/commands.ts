/**
 * The app's commands, each defined once: its label, its shortcuts and where it appears (a desktop
 * menu, the toolbar). Pure: the Electron shell builds its menus from it and the renderer its
 * toolbar and keyboard shortcuts; what each command does (and when it is enabled) is the
 * renderer's table of the same ids, `renderer/commandTable.ts`.
 */

/** A key chord: `mod` is Ctrl, or Cmd on macOS. `key` is KeyboardEvent.key (letters in lower case). */
export interface Chord {
  readonly key: string
  readonly mod?: boolean
  readonly shift?: boolean
}

/** Chromium's editing commands on a text field (what the Edit menu does while the user types). */
export const TEXT_ACTIONS = ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'delete'] as const
export type TextAction = (typeof TEXT_ACTIONS)[number]

export const MENUS = ['file', 'edit', 'view', 'train'] as const
export type MenuName = (typeof MENUS)[number]

export interface CommandSpec {
  readonly label: string
  /** Its shortcuts, the first shown in menus and tooltips. */
  readonly chords: readonly Chord[]
  /** The desktop menu it is in, and its section there (sections are separated by a line). */
  readonly menu: { readonly name: MenuName; readonly section: number } | null
  /** Whether the toolbar has a button for it. */
  readonly toolbar: boolean
  /** Whether its shortcut also works while typing in a text field (save, open). */
  readonly inTextFields?: boolean
  /** What its menu item does to a text field being typed in (the graph is left alone then). */
  readonly textTwin?: TextAction
}

const mod = (key: string, shift = false): Chord =>
  shift ? { key, mod: true, shift } : { key, mod: true }

export const COMMAND_SPECS = {
  new: {
    label: 'New',
    chords: [mod('n')],
    menu: { name: 'file', section: 0 },
    toolbar: true,
  },
  open: {
    label: 'Open…',
    chords: [mod('o')],
    menu: { name: 'file', section: 0 },
    toolbar: true,
    inTextFields: true,
  },
  templates: {
    label: 'Templates…',
    chords: [mod('n', true)],
    menu: { name: 'file', section: 0 },
    toolbar: true,
  },
  save: {
    label: 'Save',
    chords: [mod('s')],
    menu: { name: 'file', section: 1 },
    toolbar: true,
    inTextFields: true,
  },
  saveAs: {
    label: 'Save as…',
    chords: [mod('s', true)],
    menu: { name: 'file', section: 1 },
    toolbar: true,
    inTextFields: true,
  },
  export: {
    label: 'Export run…',
    chords: [mod('e')],
    menu: { name: 'file', section: 2 },
    toolbar: false,
  },
  undo: {
    label: 'Undo',
    chords: [mod('z')],
    menu: { name: 'edit', section: 0 },
    toolbar: true,
    textTwin: 'undo',
  },
  redo: {
    label: 'Redo',
    chords: [mod('z', true), mod('y')],
    menu: { name: 'edit', section: 0 },
    toolbar: true,
    textTwin: 'redo',
  },
  cut: {
    label: 'Cut',
    chords: [mod('x')],
    menu: { name: 'edit', section: 1 },
    toolbar: false,
    textTwin: 'cut',
  },
  copy: {
    label: 'Copy',
    chords: [mod('c')],
    menu: { name: 'edit', section: 1 },
    toolbar: false,
    textTwin: 'copy',
  },
  paste: {
    label: 'Paste',
    chords: [mod('v')],
    menu: { name: 'edit', section: 1 },
    toolbar: false,
    textTwin: 'paste',
  },
  duplicate: {
    label: 'Duplicate',
    chords: [mod('d')],
    menu: { name: 'edit', section: 1 },
    toolbar: true,
  },
  delete: {
    label: 'Delete',
    chords: [{ key: 'Delete' }, { key: 'Backspace' }],
    menu: { name: 'edit', section: 1 },
    toolbar: true,
    textTwin: 'delete',
  },
  group: {
    label: 'Group',
    chords: [mod('g')],
    menu: { name: 'edit', section: 2 },
    toolbar: false,
  },
  ungroup: {
    label: 'Ungroup',
    chords: [mod('g', true)],
    menu: { name: 'edit', section: 2 },
    toolbar: false,
  },
  selectAll: {
    label: 'Select all',
    chords: [mod('a')],
    menu: { name: 'edit', section: 2 },
    toolbar: false,
    textTwin: 'selectAll',
  },
  selectNone: {
    label: 'Select none',
    chords: [{ key: 'Escape' }],
    menu: { name: 'edit', section: 2 },
    toolbar: false,
  },
  fitView: {
    label: 'Fit graph',
    chords: [{ key: 'f' }],
    menu: { name: 'view', section: 0 },
    toolbar: false,
  },
  toggleMinimap: {
    label: 'Show / hide minimap',
    chords: [{ key: 'm' }],
    menu: { name: 'view', section: 0 },
    toolbar: false,
  },
  toggleShapeStyle: {
    label: 'Shapes as Keras / as lists',
    chords: [{ key: 'k' }],
    menu: { name: 'view', section: 0 },
    toolbar: false,
  },
  autoLayout: {
    label: 'Auto-layout',
    chords: [mod('l')],
    menu: { name: 'view', section: 0 },
    toolbar: true,
  },
  runHistory: {
    label: 'Run history',
    // Not Cmd+H: macOS hides the app with it.
    chords: [mod('h', true)],
    menu: { name: 'view', section: 1 },
    toolbar: false,
  },
  train: {
    label: 'Train',
    chords: [mod('Enter')],
    menu: { name: 'train', section: 0 },
    toolbar: false,
  },
  pauseResume: {
    label: 'Pause / resume',
    chords: [mod('p')],
    menu: { name: 'train', section: 0 },
    toolbar: false,
  },
  stop: { label: 'Stop', chords: [mod('.')], menu: { name: 'train', section: 0 }, toolbar: false },
} as const satisfies Record<string, CommandSpec>

export type CommandId = keyof typeof COMMAND_SPECS

/** A command's spec, seen as any command's (code that handles every command uses this). */
export const commandSpec = (id: CommandId): CommandSpec => COMMAND_SPECS[id]

/** Every command, in the table's order (menus and the toolbar keep it). */
export const COMMAND_IDS = Object.keys(COMMAND_SPECS) as readonly CommandId[]

/** Whether a string names a command (the shell's messages are checked with it). */
export const isCommandId = (s: string): s is CommandId => Object.hasOwn(COMMAND_SPECS, s)

/** A chord as menus and tooltips show it: `Ctrl+Shift+S`, or `⇧⌘S` on macOS. */
export function chordText(chord: Chord, mac = false): string {
  const key = chord.key.length === 1 ? chord.key.toUpperCase() : chord.key
  if (mac) return `${chord.shift ? '⇧' : ''}${chord.mod ? '⌘' : ''}${key}`
  return [chord.mod ? 'Ctrl' : '', chord.shift ? 'Shift' : '', key].filter(Boolean).join('+')
}

/** A chord as an Electron accelerator (`CmdOrCtrl+Shift+S`). */
export function acceleratorOf(chord: Chord): string {
  const key = chord.key.length === 1 ? chord.key.toUpperCase() : chord.key
  return [chord.mod ? 'CmdOrCtrl' : '', chord.shift ? 'Shift' : '', key].filter(Boolean).join('+')
}

/** The commands of a menu, by section, in the table's order. */
export function menuSections(menu: MenuName): CommandId[][] {
  const sections: CommandId[][] = []
  for (const id of COMMAND_IDS) {
    const where = commandSpec(id).menu
    if (where?.name !== menu) continue
    ;(sections[where.section] ??= []).push(id)
  }
  return sections.filter((s) => s.length > 0)
}
