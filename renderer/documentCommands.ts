import type { GraphDoc } from '../common/graph/schema'
import { emptyDocument } from './document/empty'
import {
  clearRecovery,
  forgetFile,
  pickDocument,
  readFile,
  remember,
  takePendingDocument,
  saveDocument,
  serialize,
  type Opened,
} from './document/files'
import { graphStore, loadDocument, markSaved } from './store/graphStore'
import { forgetFinishedRun } from './store/runStore'
import { NO_SELECTION, requestFit, select, setStatus, useUi } from './store/uiStore'

/** File commands: New, New from template, Open, Save, Save As, with the unsaved-changes prompt. */

/** True while the document differs from what was last opened or saved. */
export const isDirty = (): boolean => {
  const s = graphStore.getState()
  return s.doc !== s.savedDoc
}

/** Asks before work would be lost; true when it is fine to go on. */
export function confirmDiscard(): boolean {
  return !isDirty() || window.confirm('The document has unsaved changes. Discard them?')
}

function load(doc: GraphDoc, name: string | null): void {
  loadDocument(graphStore, doc, name)
  forgetFinishedRun()
  select(NO_SELECTION)
  useUi.setState({ galleryOpen: false })
  requestFit()
}

/** An empty document. */
export function newDocument(): void {
  if (!confirmDiscard()) return
  forgetFile()
  load(emptyDocument(), null)
  clearRecovery()
  setStatus('New document: drag blocks from the palette, or press Templates')
}

/** A template, as a new unsaved document. */
export function openTemplate(id: string, doc: GraphDoc): void {
  if (!confirmDiscard()) return
  forgetFile()
  load(doc, null)
  clearRecovery()
  setStatus(`Opened template ${id}`)
}

/** Loads what was opened, or shows why it could not be; the current document stays on error. */
export function openResult(r: { ok: true; value: Opened } | { ok: false; error: string }): void {
  if (!r.ok) {
    setStatus(r.error, 'error')
    return
  }
  load(r.value.doc, r.value.name)
  remember(r.value.name, serialize(r.value.doc))
  setStatus(`Opened ${r.value.name}`)
}

/** File > Open. */
export async function openDocument(): Promise<void> {
  if (!confirmDiscard()) return
  const r = await pickDocument()
  if (r) openResult(r)
}

/**
 * Opens the documents the desktop asked for (file manager, a second start), one by one, each after
 * the unsaved-changes prompt; what the user declines stays closed.
 */
export async function openPendingDocuments(): Promise<void> {
  for (;;) {
    const r = await takePendingDocument()
    if (!r) return
    if (confirmDiscard()) openResult(r)
  }
}

/** A file dropped on the window. */
export async function openDroppedFile(file: File): Promise<void> {
  if (!confirmDiscard()) return
  openResult(await readFile(file))
}

/** File > Save (As). */
export async function save(saveAs = false): Promise<void> {
  const { doc, fileName } = graphStore.getState()
  let name: string | null
  try {
    name = await saveDocument(doc, fileName, saveAs)
  } catch (e) {
    setStatus(`Not saved: ${e instanceof Error ? e.message : String(e)}`, 'error')
    return
  }
  if (name === null) return
  markSaved(graphStore, name)
  clearRecovery()
  setStatus(`Saved ${name}`)
}
