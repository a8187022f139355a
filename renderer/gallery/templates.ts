import { fmtDocError } from '../../common/graph/docError'
import { parseDocument } from '../../common/graph/parse'
import type { GraphDoc } from '../../common/graph/schema'

/** A chapter template as the gallery shows it. */
export interface TemplateEntry {
  readonly id: string
  readonly doc: GraphDoc
}

/** The chapter's order; templates not listed come last. */
export const GALLERY_ORDER = [
  'linear-ae',
  'stacked-ae',
  'tied-ae',
  'greedy-ae',
  'conv-ae',
  'recurrent-ae',
  'denoising-ae',
  'denoising-gaussian-ae',
  'sparse-ae',
  'sparse-kl-ae',
  'hashing-ae',
  'pretrain-classifier',
  'vae',
  'gan',
  'dcgan',
  'diffusion',
]

const rank = (id: string) => {
  const i = GALLERY_ORDER.indexOf(id)
  return i < 0 ? GALLERY_ORDER.length : i
}

// The templates are bundled with the renderer; they go through the same schema as any document.
const files = import.meta.glob<unknown>('../../templates/*.json', {
  eager: true,
  import: 'default',
})

/** Every bundled template, parsed, in the gallery's order (the chapter's). */
export const TEMPLATES: readonly TemplateEntry[] = Object.entries(files)
  .map(([path, raw]) => {
    const id = path.replace(/^.*\//, '').replace(/\.json$/, '')
    const doc = parseDocument(raw)
    if (!doc.ok)
      throw new Error(`template ${id} is malformed: ${doc.error.map(fmtDocError).join('; ')}`)
    return { id, doc: doc.value }
  })
  .sort((a, b) => rank(a.id) - rank(b.id))
