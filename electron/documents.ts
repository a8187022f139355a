import { readFile, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { dialog, ipcMain, type BrowserWindow, type WebContents } from 'electron'
import { SHELL_REQUESTS, type ShellCallName, type ShellResponses } from '../common/api'
import { DOCUMENT_EXTENSIONS } from '../common/documentFiles'
import { MAX_DOCUMENT_BYTES, writeAtomic } from '../main/documents/documents'
import { allowDatasetFolder } from './datasetFolders'
import type { PendingDocuments } from './openFiles'
import { isAppUrl } from './security'

const FILTERS = [{ name: 'Latent Studio graph', extensions: [...DOCUMENT_EXTENSIONS] }]

const failure = (e: unknown) => ({
  ok: false as const,
  cancelled: false,
  error: e instanceof Error ? e.message : String(e),
})

/**
 * Native dialogs: documents to open and save, dataset folders to allow. The page never names a file of its own choosing:
 * a save goes to a path this process handed out (opened or picked in a dialog) or through a dialog.
 */
export function handleDocumentCalls(
  win: () => BrowserWindow | null,
  pending: PendingDocuments,
): void {
  const granted = new Set<string>()
  /** Reads a document the user chose; the page may then save over it. */
  const read = async (path: string): Promise<ShellResponses['documents:open']> => {
    try {
      if ((await stat(path)).size > MAX_DOCUMENT_BYTES)
        return failure(new Error(`${basename(path)} is larger than 20 MB`))
      const text = await readFile(path, 'utf8')
      granted.add(path)
      return { ok: true, path, name: basename(path), text }
    } catch (e) {
      return failure(e)
    }
  }
  const handlers: {
    [C in ShellCallName]: (raw: unknown, sender: WebContents) => Promise<ShellResponses[C]>
  } = {
    'documents:open': async () => {
      const w = win()
      const r = w
        ? await dialog.showOpenDialog(w, { properties: ['openFile'], filters: FILTERS })
        : await dialog.showOpenDialog({ properties: ['openFile'], filters: FILTERS })
      const path = r.filePaths[0]
      if (r.canceled || !path) return { ok: false, cancelled: true }
      return read(path)
    },
    'documents:pending': async () => {
      const path = pending.take()
      return path === undefined ? { ok: false, cancelled: true } : read(path)
    },
    'documents:save': async (raw) => {
      const req = SHELL_REQUESTS['documents:save'].parse(raw)
      let path = req.path !== undefined && granted.has(req.path) ? req.path : undefined
      if (!path) {
        const w = win()
        const options = { defaultPath: req.suggestedName, filters: FILTERS }
        const r = w ? await dialog.showSaveDialog(w, options) : await dialog.showSaveDialog(options)
        if (r.canceled || !r.filePath) return { ok: false, cancelled: true }
        path = r.filePath
      }
      try {
        await writeAtomic(path, req.text)
        granted.add(path)
        return { ok: true, path, name: basename(path) }
      } catch (e) {
        return failure(e)
      }
    },
    'edit:text': (raw, sender) => {
      const { action } = SHELL_REQUESTS['edit:text'].parse(raw)
      sender[action]()
      return Promise.resolve({ ok: true })
    },
    'datasets:chooseFolder': async () => {
      const w = win()
      const options = { properties: ['openDirectory' as const] }
      const r = w ? await dialog.showOpenDialog(w, options) : await dialog.showOpenDialog(options)
      const path = r.filePaths[0]
      if (r.canceled || !path) return { ok: false, cancelled: true }
      try {
        await allowDatasetFolder(path)
        return { ok: true, path, name: basename(path) }
      } catch (e) {
        return failure(e)
      }
    },
  }
  ipcMain.handle('shell:call', async (event, name: unknown, raw: unknown) => {
    const refuse = (why: string) => {
      console.warn(`refused a shell call: ${why}`)
      return new Error(why)
    }
    if (!isAppUrl(event.senderFrame?.url))
      throw refuse(`not the app (${event.senderFrame?.url ?? 'no frame'})`)
    if (typeof name !== 'string' || !Object.hasOwn(SHELL_REQUESTS, name))
      throw refuse('unknown shell call')
    const call = name as ShellCallName
    const request = SHELL_REQUESTS[call].safeParse(raw)
    if (!request.success) throw refuse(`${call}: malformed request`)
    return handlers[call](request.data, event.sender)
  })
}
