import { create } from 'zustand'
import type { Clip, XY } from '../document/edits'
import type { DragOrigin } from '../document/quickInsert'

/** What is selected on the canvas: blocks, groups and edges by id. */
export interface Selection {
  readonly nodeIds: ReadonlySet<string>
  readonly groupIds: ReadonlySet<string>
  readonly edgeIds: ReadonlySet<string>
}

export const NO_SELECTION: Selection = {
  nodeIds: new Set(),
  groupIds: new Set(),
  edgeIds: new Set(),
}

/** Editor state that is not the document: never saved, never undone. */
interface UiState {
  readonly selection: Selection
  /** Positions of blocks being dragged; they enter the document (one undo step) when the drag ends. */
  readonly dragging: ReadonlyMap<string, XY>
  readonly clipboard: Clip | null
  /** How many times the clipboard was pasted, so successive pastes step aside. */
  readonly pasteCount: number
  readonly galleryOpen: boolean
  /** A node the canvas should bring into view (problems panel), with a counter to refocus the same one. */
  readonly focus: { readonly id: string; readonly seq: number } | null
  /** A message for the status bar (a refused connection, a saved file, an unreadable document). */
  readonly status: { readonly text: string; readonly tone: 'info' | 'error' } | null
  /** Bumped to ask the canvas to fit the whole graph in view (F, a newly opened document). */
  readonly fitRequest: number
  /** Whether the minimap shows (M toggles it; off by default, so it never covers blocks). */
  readonly minimap: boolean
  /** The canvas's open context menu: what was right-clicked, and where on screen. */
  readonly contextMenu: ContextTarget | null
  /** The block list a connection dropped on empty canvas opened: where it came from, and where. */
  readonly quickInsert: QuickInsertAt | null
}

/** A connection dropped on empty canvas: its origin, the screen point, the flow point. */
export interface QuickInsertAt {
  readonly from: DragOrigin
  readonly screen: XY
  readonly at: XY
}

/** What a context menu was opened on, at which screen point. */
export interface ContextTarget {
  readonly kind: 'pane' | 'block' | 'group' | 'edge' | 'selection'
  readonly id: string | null
  readonly x: number
  readonly y: number
}

export const useUi = create<UiState>()(() => ({
  selection: NO_SELECTION,
  dragging: new Map(),
  clipboard: null,
  pasteCount: 0,
  galleryOpen: false,
  focus: null,
  status: null,
  fitRequest: 0,
  minimap: false,
  contextMenu: null,
  quickInsert: null,
}))

/** Asks the canvas to fit the whole graph in view. */
export function requestFit(): void {
  useUi.setState((s) => ({ fitRequest: s.fitRequest + 1 }))
}

/** Selects exactly these items. */
export function select(sel: Partial<Selection>): void {
  useUi.setState({ selection: { ...NO_SELECTION, ...sel } })
}

/** Shows a status message. */
export function setStatus(text: string, tone: 'info' | 'error' = 'info'): void {
  useUi.setState({ status: { text, tone } })
}

/** Asks the canvas to centre a node. */
export function focusNode(id: string): void {
  useUi.setState((s) => ({ focus: { id, seq: (s.focus?.seq ?? 0) + 1 } }))
}
