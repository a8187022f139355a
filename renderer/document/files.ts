import { fmtDocError } from '../../common/graph/docError'
import { parseDocumentText } from '../../common/graph/parse'
import { err, ok, type Result } from '../../common/graph/result'
import type { GraphDoc } from '../../common/graph/schema'
import type { ShellBridge, ShellResponses } from '../../common/api'
import { DOCUMENT_EXTENSIONS, documentFileName } from '../../common/documentFiles'

/**
 * Documents on disk, as the browser can reach them: the File System Access API where the browser
 * has it (Chromium), else a file input and a download; in the desktop app, the shell's native
 * dialogs and atomic writes, behind the same functions.
 */

/** A document read from somewhere, ready to load. */
export interface Opened {
  readonly doc: GraphDoc
  readonly name: string
}

/** A recently opened or saved document. */
export interface RecentEntry {
  readonly name: string
  readonly at: number
  readonly text: string
}

const RECENT_KEY = 'latent-studio.recent'
const RECOVERY_KEY = 'latent-studio.recovery'
const RECENT_MAX = 8

/** The JSON a document is saved as. */
export const serialize = (doc: GraphDoc): string => `${JSON.stringify(doc, null, 2)}\n`

/** Reads a document's text through the schema; a malformed file is a readable error. */
export function readDocument(name: string, text: string): Result<Opened> {
  const parsed = parseDocumentText(text)
  if (!parsed.ok)
    return err(
      `${name} is not a valid Latent Studio document:\n${parsed.error.map(fmtDocError).join('\n')}`,
    )
  return ok({ doc: parsed.value, name })
}

interface PickerHandle {
  readonly name: string
  getFile(): Promise<File>
  createWritable(): Promise<{ write(data: string): Promise<void>; close(): Promise<void> }>
}
interface FsAccess {
  showOpenFilePicker?: (o: unknown) => Promise<PickerHandle[]>
  showSaveFilePicker?: (o: unknown) => Promise<PickerHandle>
}
const PICKER_TYPES = [
  {
    description: 'Latent Studio graph',
    accept: { 'application/json': DOCUMENT_EXTENSIONS.map((e) => `.${e}`) },
  },
]

let currentHandle: PickerHandle | null = null
/** In the desktop app: the path of the open document, as the shell handed it out. */
let currentPath: string | null = null

/** The desktop shell's bridge, when the page runs in it. */
const shell = () => (window as { latentStudioShell?: ShellBridge }).latentStudioShell

const isAbort = (e: unknown) => e instanceof DOMException && e.name === 'AbortError'

/** Asks the user for a document file; null when they cancel. */
export async function pickDocument(): Promise<Result<Opened> | null> {
  const desktop = shell()
  if (desktop) {
    // Native dialog in the desktop app; the shell reads the file it handed out.
    return fromShell(await desktop.call('documents:open', {}))
  }
  const fs = window as unknown as FsAccess
  if (fs.showOpenFilePicker) {
    try {
      const [handle] = await fs.showOpenFilePicker({ types: PICKER_TYPES })
      if (!handle) return null
      const file = await handle.getFile()
      const read = readDocument(file.name, await file.text())
      if (read.ok) currentHandle = handle
      return read
    } catch (e) {
      if (isAbort(e)) return null
      throw e
    }
  }
  const file = await new Promise<File | null>((resolve) => {
    const input = document.createElement('input')
    input.type = 'file'
    input.accept = [...DOCUMENT_EXTENSIONS.map((e) => `.${e}`), 'application/json'].join(',')
    input.addEventListener('change', () => {
      resolve(input.files?.[0] ?? null)
    })
    input.addEventListener('cancel', () => {
      resolve(null)
    })
    input.click()
  })
  return file ? readDocument(file.name, await file.text()) : null
}

/** A document the desktop shell read for the page; null when the user cancelled or none waits. */
function fromShell(r: ShellResponses['documents:open']): Result<Opened> | null {
  if (!r.ok) return r.cancelled ? null : err(r.error ?? 'the file could not be read')
  const read = readDocument(r.name, r.text)
  if (read.ok) currentPath = r.path
  return read
}

/**
 * The next document the desktop asked the app to open (double-clicked in the file manager, passed
 * to a second start, macOS's open-file); null when none waits or outside the desktop app.
 */
export async function takePendingDocument(): Promise<Result<Opened> | null> {
  const desktop = shell()
  return desktop ? fromShell(await desktop.call('documents:pending', {})) : null
}

/** Reads a dropped or chosen file. */
export async function readFile(file: File): Promise<Result<Opened>> {
  currentHandle = null
  currentPath = null
  return readDocument(file.name, await file.text())
}

/**
 * Saves the document: to the file it came from (when the browser granted a handle and this is not
 * Save As), else through a save picker, else as a download. Returns the name saved under, or null
 * when the user cancelled.
 */
export async function saveDocument(
  doc: GraphDoc,
  name: string | null,
  saveAs: boolean,
): Promise<string | null> {
  const text = serialize(doc)
  const desktop = shell()
  if (desktop) {
    // The shell writes atomically (temporary file, then rename) to the file it handed out.
    const r = await desktop.call('documents:save', {
      text,
      suggestedName: name ?? documentFileName(slug(doc.meta.title)),
      ...(currentPath && !saveAs ? { path: currentPath } : {}),
    })
    if (!r.ok) {
      if (r.cancelled) return null
      throw new Error(r.error ?? 'the file could not be written')
    }
    currentPath = r.path
    remember(r.name, text)
    return r.name
  }
  const fs = window as unknown as FsAccess
  let handle = saveAs ? null : currentHandle
  if (!handle && fs.showSaveFilePicker) {
    try {
      handle = await fs.showSaveFilePicker({
        suggestedName: name ?? documentFileName(slug(doc.meta.title)),
        types: PICKER_TYPES,
      })
    } catch (e) {
      if (isAbort(e)) return null
      throw e
    }
  }
  if (handle) {
    const w = await handle.createWritable()
    await w.write(text)
    await w.close()
    currentHandle = handle
    remember(handle.name, text)
    return handle.name
  }
  const fileName = name ?? documentFileName(slug(doc.meta.title))
  const a = document.createElement('a')
  a.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }))
  a.download = fileName
  a.click()
  URL.revokeObjectURL(a.href)
  remember(fileName, text)
  return fileName
}

/** Forgets the file handle (New, templates): the next Save asks where. */
export function forgetFile(): void {
  currentHandle = null
  currentPath = null
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'graph'

/** Recently opened or saved documents, newest first. */
export function recentDocuments(): RecentEntry[] {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]')
    return Array.isArray(raw) ? raw.filter(isRecent) : []
  } catch {
    return []
  }
}

const isRecent = (v: unknown): v is RecentEntry =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as RecentEntry).name === 'string' &&
  typeof (v as RecentEntry).text === 'string' &&
  typeof (v as RecentEntry).at === 'number'

/** Adds a document to the recent list. */
export function remember(name: string, text: string): void {
  const list = [{ name, at: Date.now(), text }, ...recentDocuments().filter((r) => r.name !== name)]
  try {
    localStorage.setItem(RECENT_KEY, JSON.stringify(list.slice(0, RECENT_MAX)))
  } catch {
    // Storage full: the recent list is a convenience, the document itself is unaffected.
  }
}

/** Writes the recovery copy that a crash or a closed tab leaves behind. */
export function writeRecovery(doc: GraphDoc, name: string | null): void {
  try {
    localStorage.setItem(
      RECOVERY_KEY,
      JSON.stringify({ name, at: Date.now(), text: serialize(doc) }),
    )
  } catch {
    // Storage full: nothing else to do in a browser; the desktop app writes a file instead.
  }
}

/** Removes the recovery copy (after a save, or when the user declines it). */
export function clearRecovery(): void {
  localStorage.removeItem(RECOVERY_KEY)
}

/** The recovery copy left by an earlier session, if any. */
export function readRecovery(): { name: string | null; at: number; opened: Result<Opened> } | null {
  const raw = localStorage.getItem(RECOVERY_KEY)
  if (!raw) return null
  try {
    const v = JSON.parse(raw) as { name?: unknown; at?: unknown; text?: unknown }
    if (typeof v.text !== 'string') return null
    const name = typeof v.name === 'string' ? v.name : null
    return {
      name,
      at: typeof v.at === 'number' ? v.at : 0,
      opened: readDocument(name ?? 'recovered document', v.text),
    }
  } catch {
    return null
  }
}
