import { temporal } from 'zundo'
import { createStore, useStore } from 'zustand'
import type { GraphDoc } from '../../common/graph/schema'
import { emptyDocument } from '../document/empty'

/**
 * How an edit enters the undo history (Excalidraw's `captureUpdate`): `step` is one undo step;
 * `{ burst }` merges with the previous edit of the same burst key made within BURST_MS, so a typing
 * burst in one field undoes at once.
 */
export type Capture = 'step' | { readonly burst: string }

/** A pause longer than this ends a typing burst. */
export const BURST_MS = 1000
/** Undo steps kept. */
export const HISTORY_LIMIT = 200

interface GraphState {
  readonly doc: GraphDoc
  /**
   * The document as last opened or saved: the editor is dirty while `doc` differs from it (null
   * for recovered work that was never saved).
   */
  readonly savedDoc: GraphDoc | null
  /** Where the document lives (a file name in browser mode, a path in the desktop app), if anywhere. */
  readonly fileName: string | null
}

/** What the history middleware needs to know about the edit being applied. */
interface CaptureState {
  pending: Capture
  lastBurst: { key: string; at: number } | null
}
const captures = new WeakMap<object, CaptureState>()
const captureOf = (store: object): CaptureState => {
  const c = captures.get(store)
  if (!c) throw new Error('not a graph store')
  return c
}

/** Creates a graph store; the app has one, tests make their own. */
export function createGraphStore(initial: GraphDoc = emptyDocument(), now = () => Date.now()) {
  const cap: CaptureState = { pending: 'step', lastBurst: null }
  const store = createStore<GraphState>()(
    temporal((): GraphState => ({ doc: initial, savedDoc: initial, fileName: null }), {
      limit: HISTORY_LIMIT,
      partialize: (s): Pick<GraphState, 'doc'> => ({ doc: s.doc }),
      equality: (a, b) => a.doc === b.doc,
      handleSet: (handleSet) => {
        // zundo hands over its internal four-argument recorder, typed as a setState.
        const record = handleSet as unknown as (...args: unknown[]) => void
        return (pastState, replace, currentState, delta) => {
          const capture = cap.pending
          if (typeof capture === 'object') {
            const t = now()
            const last = cap.lastBurst
            cap.lastBurst = { key: capture.burst, at: t }
            if (last?.key === capture.burst && t - last.at < BURST_MS) return
          } else cap.lastBurst = null
          record(pastState, replace, currentState, delta)
        }
      },
    }),
  )
  captures.set(store, cap)
  return store
}

export type GraphStore = ReturnType<typeof createGraphStore>

/** Applies a document edit, entering history as `capture` says. */
export function commit(store: GraphStore, doc: GraphDoc, capture: Capture = 'step'): void {
  if (doc === store.getState().doc) return
  const cap = captureOf(store)
  cap.pending = capture
  try {
    store.setState({ doc })
  } finally {
    cap.pending = 'step'
  }
}

/** Replaces the document (open, new, template, recovered work): a fresh history. */
export function loadDocument(
  store: GraphStore,
  doc: GraphDoc,
  fileName: string | null,
  saved = true,
): void {
  store.setState({ doc, savedDoc: saved ? doc : null, fileName })
  store.temporal.getState().clear()
  captureOf(store).lastBurst = null
}

/** Records that the current document was saved under `fileName`. */
export function markSaved(store: GraphStore, fileName: string | null): void {
  // Only the document enters history, so this is no undo step.
  store.setState((s) => ({ savedDoc: s.doc, fileName }))
}

/** Undo one step; a burst in progress ends. */
export function undo(store: GraphStore): void {
  captureOf(store).lastBurst = null
  store.temporal.getState().undo()
}

/** Redo one step. */
export function redo(store: GraphStore): void {
  captureOf(store).lastBurst = null
  store.temporal.getState().redo()
}

/** The app's graph store. */
export const graphStore = createGraphStore()

/** Subscribes a component to a narrow slice of the app's graph store. */
export const useGraph = <T>(select: (s: GraphState) => T): T => useStore(graphStore, select)

/** Subscribes to the undo/redo availability of the app's graph store. */
export const useHistory = <T>(
  select: (s: { pastStates: readonly unknown[]; futureStates: readonly unknown[] }) => T,
): T => useStore(graphStore.temporal, select)
