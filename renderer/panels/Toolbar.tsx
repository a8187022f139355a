import { autoLayout, deleteSelection, duplicateSelection, redoEdit, undoEdit } from '../commands'
import { newDocument, openDocument, openResult, save } from '../documentCommands'
import { readDocument, recentDocuments } from '../document/files'
import { useGraph, useHistory } from '../store/graphStore'
import { useUi } from '../store/uiStore'

/** File and edit commands; every one also has a shortcut (see `shortcuts.ts`). */
export function Toolbar() {
  const title = useGraph((s) => s.doc.meta.title)
  const fileName = useGraph((s) => s.fileName)
  const dirty = useGraph((s) => s.doc !== s.savedDoc)
  const canUndo = useHistory((h) => h.pastStates.length > 0)
  const canRedo = useHistory((h) => h.futureStates.length > 0)
  const hasSelection = useUi(
    (s) => s.selection.nodeIds.size + s.selection.groupIds.size + s.selection.edgeIds.size > 0,
  )
  return (
    <header className="toolbar" role="toolbar" aria-label="Document">
      <span className="app-name">Latent Studio</span>
      <button type="button" onClick={newDocument}>
        New
      </button>
      <button
        type="button"
        onClick={() => {
          useUi.setState({ galleryOpen: true })
        }}
      >
        Templates
      </button>
      <button type="button" onClick={() => void openDocument()} title="Ctrl+O">
        Open…
      </button>
      <RecentMenu />
      <button type="button" onClick={() => void save(false)} title="Ctrl+S">
        Save
      </button>
      <button type="button" onClick={() => void save(true)} title="Shift+Ctrl+S">
        Save as…
      </button>
      <span className="sep" />
      <button type="button" onClick={undoEdit} disabled={!canUndo} title="Ctrl+Z">
        Undo
      </button>
      <button type="button" onClick={redoEdit} disabled={!canRedo} title="Shift+Ctrl+Z">
        Redo
      </button>
      <button type="button" onClick={duplicateSelection} disabled={!hasSelection} title="Ctrl+D">
        Duplicate
      </button>
      <button type="button" onClick={deleteSelection} disabled={!hasSelection} title="Delete">
        Delete
      </button>
      <button type="button" onClick={autoLayout}>
        Auto-layout
      </button>
      <span className="doc-title" aria-label="Document title">
        {fileName ?? title}
        {dirty ? ' •' : ''}
      </span>
    </header>
  )
}

function RecentMenu() {
  const recent = recentDocuments()
  return (
    <select
      aria-label="Open recent"
      value=""
      disabled={!recent.length}
      onChange={(e) => {
        const entry = recent.find((r) => r.name === e.target.value)
        if (entry) openResult(readDocument(entry.name, entry.text))
      }}
    >
      <option value="">Recent…</option>
      {recent.map((r) => (
        <option key={r.name} value={r.name}>
          {r.name}
        </option>
      ))}
    </select>
  )
}
