// Document text that ends up in exported files: a title, a description or a label must never
// become code in the Keras script, whatever it holds.
import { execFileSync } from 'node:child_process'
import fc from 'fast-check'
import { expect, test } from 'vitest'
import { kerasScript } from '../../../main/export/keras/kerasScript'
import { loadTemplateDoc } from '../../helpers/templates'

/** Python that prints, for each script on stdin (JSON list), its syntax tree without docstrings. */
const STRUCTURE = `
import ast, json, sys
out = []
for src in json.load(sys.stdin):
    try:
        tree = ast.parse(src)
    except SyntaxError as e:
        out.append('SyntaxError: ' + str(e)); continue
    for node in ast.walk(tree):
        body = getattr(node, 'body', None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \\
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            body[0] = ast.Expr(ast.Constant('doc'))
    out.append(ast.dump(tree))
print(json.dumps(out))
`

test('hostile titles and labels change only the exported script’s docstring', () => {
  const base = loadTemplateDoc('vae')
  const hostile = fc.oneof(
    fc.constantFrom(
      '"""\nimport os; os.system("touch /tmp/pwned")\n"""',
      "'''\nimport os\n'''",
      '\\',
      '"""',
      '\\"""',
      'x""',
      '\u2028import os',
      '${process.exit()}',
      '\n\nimport os\nos.system("id")\n#',
    ),
    fc.string({ maxLength: 60 }),
    fc.string({ unit: fc.constantFrom('"', "'", '\\', '\n', '#', 'x', ':', '\r'), maxLength: 40 }),
  )
  const titles = fc.sample(hostile, { numRuns: 300, seed: 7 })
  const scripts = titles.map((title) => {
    const doc = {
      ...base,
      meta: { ...base.meta, title, description: title },
      nodes: base.nodes.map((n) => ({ ...n, label: title.slice(0, 200) })),
    }
    const s = kerasScript(doc)
    if (!s.ok) throw new Error(s.error)
    return s.value
  })
  const clean = kerasScript(base)
  if (!clean.ok) throw new Error(clean.error)
  const trees = JSON.parse(
    execFileSync('/usr/bin/python3', ['-c', STRUCTURE], {
      input: JSON.stringify([clean.value, ...scripts]),
      encoding: 'utf8',
      maxBuffer: 256 * 2 ** 20,
    }),
  ) as string[]
  const [reference, ...others] = trees
  expect(reference).toMatch(/^Module\(/)
  // Every script parses to the very same program as the clean one, docstrings aside.
  const differing = others.filter((t) => t !== reference)
  expect(differing).toEqual([])
  expect(others).toHaveLength(300)
})
