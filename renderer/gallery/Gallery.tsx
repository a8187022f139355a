import type { GraphDoc } from '../../common/graph/schema'
import { validateGraph } from '../../common/graph/validate'
import { summarize } from '../panels/summary'
import { ModalDialog } from '../ModalDialog'
import { TEMPLATES } from './templates'
import { Thumbnail } from './Thumbnail'
import './Gallery.css'

interface Props {
  readonly onOpen: (id: string, doc: GraphDoc) => void
  readonly onEmpty: () => void
  readonly onOpenFile: () => void
  readonly onClose: (() => void) | null
}

const sizes = new Map<string, string>()

/** Each model's parameters, as the summary counts them ("Encoder 134,870 · Decoder 134,634"). */
function modelSizes(id: string, doc: GraphDoc): string {
  const known = sizes.get(id)
  if (known !== undefined) return known
  const models = summarize(validateGraph(doc))
  const text = models.map((m) => `${m.name} ${m.total.toLocaleString('en')}`).join(' · ')
  sizes.set(id, text)
  return text
}

/** The start screen and File > New from template: each chapter model, what it teaches, its recipe. */
export function Gallery({ onOpen, onEmpty, onOpenFile, onClose }: Props) {
  return (
    <ModalDialog className="gallery" labelledBy="gallery-title" onCancel={onClose}>
      <header>
        <h2 id="gallery-title">Start from a chapter model</h2>
        <div>
          <button type="button" onClick={onOpenFile}>
            Open file…
          </button>
          <button type="button" onClick={onEmpty}>
            Empty canvas
          </button>
          {onClose && (
            <button type="button" onClick={onClose} aria-label="Close gallery">
              ✕
            </button>
          )}
        </div>
      </header>
      <ul className="gallery-grid">
        {TEMPLATES.map((t) => (
          <li key={t.id}>
            <button
              type="button"
              className="template-card"
              aria-label={`Open template ${t.doc.meta.title}`}
              onClick={() => {
                onOpen(t.id, t.doc)
              }}
            >
              <Thumbnail doc={t.doc} />
              <span className="template-title">{t.doc.meta.title}</span>
              <span className="template-recipe">{t.doc.training.recipe}</span>
              <span className="template-size" data-testid="template-size">
                {modelSizes(t.id, t.doc)} parameters
              </span>
              <span className="template-teaches">
                {t.doc.meta.teaches ?? t.doc.meta.description}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </ModalDialog>
  )
}
