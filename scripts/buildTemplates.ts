// Writes templates/*.json: the chapter's models as graph documents, one builder per template in
// scripts/templates/. Usage: npx tsx scripts/buildTemplates.ts
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { layoutPositions } from '../common/graph/layout'
import { parseDocument } from '../common/graph/parse'
import { TEMPLATES_DIR } from '../main/documents/templates'
import { templateDoc, type TemplateDoc } from './templates/builder'
import { TEMPLATE_BUILDERS } from './templates'

// Every template opens as the editor's auto-layout (ELK) lays it out.
const built = new Map<string, TemplateDoc>()
for (const build of TEMPLATE_BUILDERS)
  build((id, meta, g, training, options) => {
    built.set(id, templateDoc(meta, g, training, options?.dataset))
  })
const docs = new Map<string, TemplateDoc>()
for (const [id, doc] of built) docs.set(id, await laidOut(id, doc))

/** A template with the editor's auto-layout. */
async function laidOut(id: string, raw: TemplateDoc): Promise<TemplateDoc> {
  const parsed = parseDocument(raw)
  if (!parsed.ok) throw new Error(`template ${id}: ${JSON.stringify(parsed.error)}`)
  const at = await layoutPositions(parsed.value)
  return { ...raw, nodes: raw.nodes.map((n) => ({ ...n, position: at.get(n.id) ?? n.position })) }
}

for (const [id, doc] of docs)
  writeFileSync(join(TEMPLATES_DIR, `${id}.json`), `${JSON.stringify(doc, null, 2)}\n`)
console.log(`wrote ${docs.size} templates to ${TEMPLATES_DIR}`)
