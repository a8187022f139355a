/**
 * Graph documents on disk: saved as `.lsgraph` (the app's file type, JSON inside, associated with
 * the desktop app); `.json` files open too (what earlier versions saved, and templates).
 */
export const DOCUMENT_EXTENSION = 'lsgraph'
export const DOCUMENT_EXTENSIONS = [DOCUMENT_EXTENSION, 'json'] as const
/** The MIME type the desktop packages register for `.lsgraph`. */
export const DOCUMENT_MIME = 'application/x-latent-studio-graph'

/** Whether a file name or path is a graph document's, by its extension. */
export const isDocumentName = (name: string): boolean =>
  DOCUMENT_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(`.${ext}`))

/** A document's file name: `name` with the document extension (another extension is kept). */
export const documentFileName = (stem: string): string => `${stem}.${DOCUMENT_EXTENSION}`
