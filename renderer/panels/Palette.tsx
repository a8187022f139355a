import { useMemo, useState } from 'react'
import { CATEGORIES, type Category } from '../../common/graph/block'
import { BLOCKS } from '../../common/graph/blocks'
import { COMPOSITES } from '../../common/graph/composites'
import { togglePanel } from '../store/prefsStore'
import './Palette.css'

/** The MIME type a palette drag carries: the block kind. */
export const PALETTE_MIME = 'application/x-latent-studio-block'

interface Item {
  readonly kind: string
  readonly label: string
  readonly description: string
}

const CATEGORY_LABELS: Record<Category | 'composite', string> = {
  composite: 'Composite blocks',
  input: 'Inputs',
  core: 'Core layers',
  convolution: 'Convolution',
  pooling: 'Pooling',
  recurrent: 'Recurrent',
  reshape: 'Reshape',
  normalization: 'Normalization',
  regularization: 'Regularization',
  activation: 'Activations',
  merge: 'Merge',
  custom: 'The chapter’s custom layers',
}

const SECTIONS: readonly { id: Category | 'composite'; items: readonly Item[] }[] = [
  { id: 'composite', items: COMPOSITES },
  ...CATEGORIES.map((c) => ({
    id: c,
    items: Object.values(BLOCKS).filter((b) => b.category === c),
  })),
]

interface Props {
  /** Adds a block at the centre of the view (double-click or Enter, for keyboard users). */
  readonly onAdd: (kind: string) => void
}

/** Blocks by category, with search; drag one onto the canvas, or double-click / Enter to add it. */
export function Palette({ onAdd }: Props) {
  const [query, setQuery] = useState('')
  const sections = useMemo(() => {
    const q = query.trim().toLowerCase()
    if (!q) return SECTIONS
    return SECTIONS.map((s) => ({
      id: s.id,
      items: s.items.filter(
        (i) => i.label.toLowerCase().includes(q) || i.description.toLowerCase().includes(q),
      ),
    })).filter((s) => s.items.length)
  }, [query])
  return (
    <aside className="palette" aria-label="Block palette">
      <div className="palette-top">
        <input
          type="search"
          className="palette-search"
          placeholder="Search blocks"
          aria-label="Search blocks"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value)
          }}
        />
        <button
          type="button"
          className="palette-fold"
          aria-label="Fold the palette away"
          title="Fold the palette away"
          onClick={() => {
            togglePanel('palette')
          }}
        >
          ‹
        </button>
      </div>
      {sections.map((s) => (
        <section key={s.id} aria-label={CATEGORY_LABELS[s.id]}>
          <h3>{CATEGORY_LABELS[s.id]}</h3>
          <ul role="list">
            {s.items.map((i) => (
              <li key={i.kind}>
                <button
                  type="button"
                  className={`palette-item cat-${s.id}`}
                  draggable
                  title={i.description}
                  aria-label={`Add ${i.label}`}
                  onDragStart={(e) => {
                    e.dataTransfer.setData(PALETTE_MIME, i.kind)
                    e.dataTransfer.effectAllowed = 'copy'
                  }}
                  onDoubleClick={() => {
                    onAdd(i.kind)
                  }}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') {
                      e.preventDefault()
                      onAdd(i.kind)
                    }
                  }}
                >
                  {i.label}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
      {!sections.length && <p className="muted">No block matches “{query}”.</p>}
    </aside>
  )
}

/** The folded palette: a narrow rail that brings it back. */
export function PaletteRail() {
  return (
    <aside className="palette-rail" aria-label="Block palette (folded)">
      <button
        type="button"
        aria-label="Show the block palette"
        title="Show the block palette"
        onClick={() => {
          togglePanel('palette')
        }}
      >
        <span aria-hidden="true">›</span>
        <span className="palette-rail-text">Blocks</span>
      </button>
    </aside>
  )
}
