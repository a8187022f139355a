import type { z } from 'zod'
import { getBlock } from './blocks'
import { fmtPath, type DocError } from './docError'
import { migrate } from './migrate'
import { err, ok, type Result } from './result'
import { graphDocSchema, type GraphDoc } from './schema'

const zodErrors = (error: z.ZodError, prefix: readonly PropertyKey[] = []): DocError[] =>
  error.issues.map((i) => ({ path: fmtPath([...prefix, ...i.path]), message: i.message }))

/** Parses JSON text into a document, reporting a syntax error as a DocError. */
export function parseDocumentText(text: string): Result<GraphDoc, DocError[]> {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (e) {
    return err([
      {
        path: '(document)',
        message: `not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
      },
    ])
  }
  return parseDocument(raw)
}

/**
 * The one way into a document: migrates older versions, applies the schema, then checks every
 * node's params against its block's own schema (filling defaults) and every id reference.
 */
export function parseDocument(raw: unknown): Result<GraphDoc, DocError[]> {
  const migrated = migrate(raw)
  if (!migrated.ok) return migrated
  const parsed = graphDocSchema.safeParse(migrated.value)
  if (!parsed.success) return err(zodErrors(parsed.error))
  const doc = parsed.data
  const errors: DocError[] = []
  const groupIds = new Set<string>()
  doc.groups.forEach((g, i) => {
    if (groupIds.has(g.id))
      errors.push({ path: `groups[${i}].id`, message: `duplicate group id "${g.id}"` })
    groupIds.add(g.id)
  })
  const nodeIds = new Set<string>()
  const nodes = doc.nodes.map((node, i) => {
    if (nodeIds.has(node.id))
      errors.push({ path: `nodes[${i}].id`, message: `duplicate node id "${node.id}"` })
    if (groupIds.has(node.id))
      errors.push({ path: `nodes[${i}].id`, message: `id "${node.id}" is already a group's id` })
    nodeIds.add(node.id)
    if (node.group !== undefined && !groupIds.has(node.group)) {
      errors.push({ path: `nodes[${i}].group`, message: `unknown group "${node.group}"` })
    }
    const block = getBlock(node.kind)
    if (!block) {
      errors.push({ path: `nodes[${i}].kind`, message: `unknown block kind "${node.kind}"` })
      return node
    }
    const params = block.params.safeParse(node.params)
    if (!params.success) {
      errors.push(...zodErrors(params.error, ['nodes', i, 'params']))
      return node
    }
    return { ...node, params: params.data as Record<string, unknown> }
  })
  return errors.length ? err(errors) : ok({ ...doc, nodes })
}
