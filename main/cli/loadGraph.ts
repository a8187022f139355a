import { existsSync } from 'node:fs'
import type { DocError } from '../../common/graph/docError'
import type { Result } from '../../common/graph/result'
import type { GraphDoc } from '../../common/graph/schema'
import { readDocumentFile } from '../documents/documents'
import { loadTemplate, templateIds } from '../documents/templates'

/** Resolves a command's FILE|TEMPLATE_ID argument: an existing path wins, then a template id. */
export async function loadGraphArg(arg: string): Promise<Result<GraphDoc, DocError[]>> {
  if (existsSync(arg) || !templateIds().includes(arg)) return readDocumentFile(arg)
  return loadTemplate(arg)
}
