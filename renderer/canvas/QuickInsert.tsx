import { useMemo, useRef, useState } from 'react'
import { BLOCK_HEIGHT, BLOCK_WIDTH } from '../../common/graph/groups'
import { insertConnectedBlock } from '../commands'
import { openGroupAt } from '../document/placement'
import { insertCandidates } from '../document/quickInsert'
import { graphStore } from '../store/graphStore'
import { useShapeText } from '../store/shapeText'
import { useUi, type QuickInsertAt } from '../store/uiStore'
import { usePressOutside } from './usePressOutside'
import './QuickInsert.css'

const close = () => {
  useUi.setState({ quickInsert: null })
}

/** Pixels the list keeps from the window's edges. */
const MARGIN = 8
const WIDTH = 300
const HEIGHT = 340

/**
 * The searchable block list a connection dropped on empty canvas opens: only the blocks that would
 * accept it, each with the shape it would output; choosing one inserts it there, connected.
 */
export function QuickInsert() {
  const at = useUi((s) => s.quickInsert)
  // A new drop is a new list: its search and highlight start afresh.
  return at ? <BlockList key={`${String(at.screen.x)},${String(at.screen.y)}`} at={at} /> : null
}

function BlockList({ at }: { at: QuickInsertAt }) {
  const [query, setQuery] = useState('')
  const [active, setActive] = useState(0)
  const box = useRef<HTMLDivElement>(null)
  const shapeText = useShapeText()
  // The document as it was when the list opened: it cannot change while the list is up.
  const candidates = useMemo(() => insertCandidates(graphStore.getState().doc, at.from), [at])
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase()
    return q
      ? candidates.filter(
          (c) => c.label.toLowerCase().includes(q) || c.description.toLowerCase().includes(q),
        )
      : candidates
  }, [candidates, query])
  usePressOutside(box, true, close)
  const choose = (kind: string | undefined) => {
    if (!kind) return
    close()
    const p = {
      x: at.at.x - BLOCK_WIDTH / 2,
      y: at.at.y - (at.from.side === 'source' ? 0 : BLOCK_HEIGHT),
    }
    insertConnectedBlock(kind, p, at.from, openGroupAt(graphStore.getState().doc, at.at))
  }
  const left = Math.max(MARGIN, Math.min(at.screen.x, window.innerWidth - WIDTH - MARGIN))
  const top = Math.max(MARGIN, Math.min(at.screen.y, window.innerHeight - HEIGHT - MARGIN))
  const listId = 'quick-insert-list'
  return (
    <div
      ref={box}
      className="quick-insert"
      role="dialog"
      aria-label={`Insert a block connected to ${at.from.node}`}
      style={{ left, top, width: WIDTH, maxHeight: HEIGHT }}
    >
      <input
        type="search"
        autoFocus
        placeholder="Search the blocks that fit…"
        aria-label="Search the blocks that fit"
        aria-controls={listId}
        aria-activedescendant={shown[active] ? `quick-insert-${shown[active].kind}` : undefined}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value)
          setActive(0)
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') close()
          else if (e.key === 'ArrowDown') setActive((i) => Math.min(shown.length - 1, i + 1))
          else if (e.key === 'ArrowUp') setActive((i) => Math.max(0, i - 1))
          else if (e.key === 'Enter') choose(shown[active]?.kind)
          else return
          e.preventDefault()
        }}
      />
      <ul id={listId} role="listbox" aria-label="Blocks that fit">
        {shown.map((c, i) => (
          <li
            key={c.kind}
            id={`quick-insert-${c.kind}`}
            role="option"
            aria-selected={i === active}
            className={`cat-${c.category}${i === active ? ' active' : ''}`}
            title={c.description}
            onMouseEnter={() => {
              setActive(i)
            }}
            onClick={() => {
              choose(c.kind)
            }}
          >
            <span className="quick-insert-label">{c.label}</span>
            <span className="quick-insert-shape">{c.shape ? `→ ${shapeText(c.shape)}` : ''}</span>
          </li>
        ))}
        {shown.length === 0 && (
          <li className="quick-insert-none" role="presentation">
            {candidates.length
              ? 'No block of that name fits here.'
              : 'No block accepts this shape.'}
          </li>
        )}
      </ul>
    </div>
  )
}
