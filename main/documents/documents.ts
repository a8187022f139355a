import { randomBytes } from 'node:crypto'
import { readFile, rename, stat, unlink, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { DocError } from '../../common/graph/docError'
import { parseDocumentText } from '../../common/graph/parse'
import { err, type Result } from '../../common/graph/result'
import type { GraphDoc } from '../../common/graph/schema'

/** Documents larger than this are refused before being read (a graph of 5,000 nodes is far smaller). */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024

const ioMessage = (e: unknown): string => {
  const code = (e as { code?: unknown }).code
  switch (code) {
    case 'ENOENT':
      return 'no such file'
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'EISDIR':
      return 'is a folder, not a file'
    default:
      return e instanceof Error ? e.message : String(e)
  }
}

/** Reads and parses a graph document from disk; every failure is a DocError naming the file. */
export async function readDocumentFile(path: string): Promise<Result<GraphDoc, DocError[]>> {
  let text: string
  try {
    const info = await stat(path)
    if (info.isDirectory())
      return err([{ path: '(document)', message: `${path} is a folder, not a file` }])
    if (info.size > MAX_DOCUMENT_BYTES)
      return err([
        {
          path: '(document)',
          message: `${path} is ${info.size} bytes; graph documents are at most ${MAX_DOCUMENT_BYTES}`,
        },
      ])
    text = await readFile(path, 'utf8')
  } catch (e) {
    return err([{ path: '(document)', message: `cannot read ${path}: ${ioMessage(e)}` }])
  }
  return parseDocumentText(text)
}

/**
 * Writes a file atomically: a temporary file beside it, flushed, then renamed over it, so a crash
 * mid-save leaves the previous version whole.
 */
export async function writeAtomic(path: string, text: string | Uint8Array): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    await writeFile(tmp, text, { flush: true })
    await rename(tmp, path)
  } catch (e) {
    await unlink(tmp).catch(() => undefined)
    throw e
  }
}
