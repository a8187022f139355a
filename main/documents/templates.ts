import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fmtDocError, type DocError } from '../../common/graph/docError'
import { parseDocumentText } from '../../common/graph/parse'
import { err, type Result } from '../../common/graph/result'
import type { GraphDoc } from '../../common/graph/schema'
import type { Recipe } from '../../common/graph/training'

/** The templates folder of the checkout or package. */
export const TEMPLATES_DIR = join(import.meta.dirname, '..', '..', 'templates')

export interface TemplateInfo {
  readonly id: string
  readonly title: string
  readonly description: string
  readonly teaches?: string
  readonly recipe: Recipe
}

const idOf = (file: string) => file.replace(/\.json$/, '')

/** Loads one template by id (its file name without `.json`). */
export function loadTemplate(id: string, dir = TEMPLATES_DIR): Result<GraphDoc, DocError[]> {
  const ids = templateIds(dir)
  if (!ids.includes(id))
    return err([
      {
        path: '(template)',
        message: `no template "${id}"${ids.length ? ` (templates: ${ids.join(', ')})` : ''}`,
      },
    ])
  return parseDocumentText(readFileSync(join(dir, `${id}.json`), 'utf8'))
}

/** Template ids in the folder, sorted. */
export function templateIds(dir = TEMPLATES_DIR): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map(idOf)
      .sort()
  } catch {
    return []
  }
}

/** Every template with its gallery metadata. A template that does not parse is a bug in the app. */
export function listTemplates(dir = TEMPLATES_DIR): TemplateInfo[] {
  return templateIds(dir).map((id) => {
    const doc = loadTemplate(id, dir)
    if (!doc.ok)
      throw new Error(`template ${id} is broken: ${doc.error.map(fmtDocError).join('; ')}`)
    const { title, description, teaches } = doc.value.meta
    return {
      id,
      title,
      description,
      ...(teaches ? { teaches } : {}),
      recipe: doc.value.training.recipe,
    }
  })
}
