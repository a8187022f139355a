import { ReactFlowProvider, useReactFlow } from '@xyflow/react'
import { useCallback, useEffect, useState } from 'react'
import { Canvas } from './canvas/Canvas'
import { BLOCK_HEIGHT, BLOCK_WIDTH } from '../common/graph/groups'
import { addPaletteItem } from './commands'
import { clearRecovery, readRecovery } from './document/files'
import { openDocument, openDroppedFile, openTemplate } from './documentCommands'
import { emptyDocument } from './document/empty'
import { Gallery } from './gallery/Gallery'
import { Inspector } from './panels/Inspector'
import { Palette, PaletteRail } from './panels/Palette'
import { Splitter } from './panels/Splitter'
import { setPref, usePrefs, WIDTHS } from './store/prefsStore'
import { ProblemsPanel } from './panels/ProblemsPanel'
import { SummaryPanel } from './panels/SummaryPanel'
import { Toolbar } from './panels/Toolbar'
import { initEngine } from './engine'
import { useAutosave } from './recovery'
import { TrainDock } from './train/TrainDock'
import { RunHistory } from './train/RunHistory'
import { useRunHistory } from './store/historyStore'
import { useShortcuts } from './shortcuts'
import { useMenuCommands } from './menuCommands'
import { graphStore, loadDocument, useGraph } from './store/graphStore'
import { requestFit, useUi } from './store/uiStore'

/** The editor: toolbar, palette, canvas, inspector, problems and summary; the gallery at start. */
export function App() {
  return (
    <ReactFlowProvider>
      <Editor />
    </ReactFlowProvider>
  )
}

function Editor() {
  useShortcuts()
  useMenuCommands()
  useAutosave()
  useEffect(() => {
    void initEngine()
  }, [])
  const flow = useReactFlow()
  const galleryOpen = useUi((s) => s.galleryOpen)
  const historyOpen = useRunHistory((s) => s.open)
  const empty = useGraph((s) => s.doc.nodes.length === 0 && s.savedDoc !== null)
  const [started, setStarted] = useState(false)
  const [recovery, setRecovery] = useState(() => readRecovery())
  const addAtCentre = useCallback(
    (kind: string) => {
      const el = document.querySelector('.canvas')
      const r = el?.getBoundingClientRect()
      const p = r
        ? flow.screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 })
        : { x: 0, y: 0 }
      addPaletteItem(kind, { x: p.x - BLOCK_WIDTH / 2, y: p.y - BLOCK_HEIGHT / 2 })
    },
    [flow],
  )
  const prefs = usePrefs()
  const columns = `${prefs.collapsed.palette ? '30px' : `${String(prefs.paletteWidth)}px`} 1px minmax(0, 1fr) 1px ${String(prefs.sideWidth)}px`
  const showGallery = galleryOpen || (!started && empty && !recovery)
  const close = () => {
    setStarted(true)
    useUi.setState({ galleryOpen: false })
  }
  return (
    <div
      className="app"
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) e.preventDefault()
      }}
      onDrop={(e) => {
        const file = e.dataTransfer.files[0]
        if (!file) return
        e.preventDefault()
        void openDroppedFile(file)
      }}
    >
      <Toolbar />
      {recovery && (
        <div className="banner" role="alert">
          {recovery.opened.ok ? (
            <>
              Unsaved work from {new Date(recovery.at).toLocaleString()} was recovered.
              <button
                type="button"
                onClick={() => {
                  if (recovery.opened.ok)
                    loadDocument(graphStore, recovery.opened.value.doc, recovery.name, false)
                  requestFit()
                  setRecovery(null)
                  setStarted(true)
                }}
              >
                Restore
              </button>
            </>
          ) : (
            <>The recovery copy could not be read: {recovery.opened.error}</>
          )}
          <button
            type="button"
            onClick={() => {
              clearRecovery()
              setRecovery(null)
            }}
          >
            Discard
          </button>
        </div>
      )}
      <main className="workspace" style={{ gridTemplateColumns: columns }}>
        {prefs.collapsed.palette ? <PaletteRail /> : <Palette onAdd={addAtCentre} />}
        {prefs.collapsed.palette ? (
          <div className="splitter-gap" />
        ) : (
          <Splitter
            label="Resize the block palette"
            orientation="vertical"
            value={prefs.paletteWidth}
            min={WIDTHS.palette.min}
            max={WIDTHS.palette.max}
            onChange={(v) => {
              setPref('paletteWidth', v)
            }}
          />
        )}
        <div className="centre">
          <Canvas />
          <TrainDock />
        </div>
        <Splitter
          label="Resize the side panels"
          orientation="vertical"
          value={prefs.sideWidth}
          min={WIDTHS.side.min}
          max={WIDTHS.side.max}
          inverted
          onChange={(v) => {
            setPref('sideWidth', v)
          }}
        />
        <div className="side">
          <Inspector />
          <ProblemsPanel />
          <SummaryPanel />
        </div>
      </main>
      <StatusBar />
      {historyOpen && (
        <RunHistory
          onClose={() => {
            useRunHistory.setState({ open: false })
          }}
        />
      )}
      {showGallery && (
        <Gallery
          onOpen={(id, doc) => {
            setStarted(true)
            openTemplate(id, doc)
          }}
          onEmpty={() => {
            close()
            loadDocument(graphStore, emptyDocument(), null)
          }}
          onOpenFile={() => {
            void openDocument().then(() => {
              if (graphStore.getState().doc.nodes.length) close()
            })
          }}
          onClose={close}
        />
      )}
    </div>
  )
}

function StatusBar() {
  const status = useUi((s) => s.status)
  return (
    <footer
      className={`status${status?.tone === 'error' ? ' status-error' : ''}`}
      role="status"
      aria-live="polite"
    >
      {status?.text ??
        'Drag blocks from the palette; connect an output (bottom) to an input (top).'}
    </footer>
  )
}
