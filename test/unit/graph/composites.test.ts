import { describe, expect, test } from 'vitest'
import { COMPOSITES, insertComposite, type CompositeDef } from '../../../common/graph/composites'
import { inferShapes } from '../../../common/graph/inferShapes'
import { parseDocument } from '../../../common/graph/parse'
import type { GraphDoc } from '../../../common/graph/schema'
import type { Recipe } from '../../../common/graph/training'
import { validateGraph } from '../../../common/graph/validate'
import { doc } from '../../helpers/docs'

const byKind = (kind: string): CompositeDef => {
  const c = COMPOSITES.find((x) => x.kind === kind)
  if (!c) throw new Error(`no composite ${kind}`)
  return c
}
/** Round-trips through the parser, as the editor does after every edit (fills param defaults). */
const reparse = (d: GraphDoc): GraphDoc => {
  const parsed = parseDocument(d)
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error))
  return parsed.value
}
const build = (recipe: Recipe, ...kinds: string[]) =>
  reparse(
    kinds.reduce(
      (d, k, i) => insertComposite(d, byKind(k), { x: 400 * i, y: 0 }).doc,
      doc({ nodes: [], training: { recipe } }),
    ),
  )

describe('composite blocks', () => {
  test.each(COMPOSITES.map((c) => [c.kind, c] as const))(
    '%s inserts layers whose shapes all infer',
    (_kind, c) => {
      const d = reparse(insertComposite(doc({ nodes: [] }), c, { x: 0, y: 0 }).doc)
      const report = inferShapes(d)
      // The Sampling head's Dense inputs are left for the user to connect; everything else infers.
      const expected =
        c.kind === 'samplingHead'
          ? ["input 'input' is not connected", "input 'input' is not connected"]
          : []
      expect(report.issues.map((i) => i.message)).toEqual(expected)
      expect(d.groups.map((g) => g.role)).toEqual(c.role ? [c.role] : [])
    },
  )

  test('Encoder + Decoder is a valid autoencoder; Generator + Discriminator a valid GAN; Denoiser a valid DDPM', () => {
    expect(validateGraph(build('autoencoder', 'encoder', 'decoder')).errors).toEqual([])
    expect(validateGraph(build('gan', 'generator', 'discriminator')).errors).toEqual([])
    const ddpm = validateGraph(build('diffusion', 'denoiser'))
    expect(ddpm.errors).toEqual([])
    expect(ddpm.shapes['noise']).toEqual([null, 28, 28, 1])
  })

  test('inserting twice gives fresh ids and a second group', () => {
    const d = build('autoencoder', 'encoder', 'encoder')
    expect(d.groups.map((g) => g.id)).toEqual(['encoder', 'encoder_2'])
    expect(new Set(d.nodes.map((n) => n.id)).size).toBe(8)
    expect(d.edges.filter((e) => e.source === 'enc_input_2').map((e) => e.target)).toEqual([
      'enc_flatten_2',
    ])
    expect(validateGraph(d).errors.map((e) => e.message)).toContain(
      'two groups have the role encoder; a document has at most one',
    )
  })

  test('a VAE built from Encoder, Sampling and Decoder, the way a user would', () => {
    let d = insertComposite(doc({ nodes: [], training: { recipe: 'vae' } }), byKind('encoder'), {
      x: 0,
      y: 0,
    }).doc
    d = insertComposite(d, byKind('samplingHead'), { x: 0, y: 400 }, 'encoder').doc
    d = insertComposite(d, byKind('decoder'), { x: 500, y: 0 }).doc
    d = {
      ...d,
      edges: [
        ...d.edges,
        { source: 'enc_codings', sourceHandle: 'out', target: 'codings_mean', targetHandle: 'in' },
        {
          source: 'enc_codings',
          sourceHandle: 'out',
          target: 'codings_log_var',
          targetHandle: 'in',
        },
      ],
    }
    // The default decoder expects 30 codings; the Sampling head makes 10.
    expect(validateGraph(reparse(d)).errors.map((e) => e.message)).toEqual([
      "the decoder's input must have the shape of the encoder's codings: [null,30] vs [null,10]",
    ])
    d = {
      ...d,
      nodes: d.nodes.map((n) => (n.id === 'dec_codings' ? { ...n, params: { shape: [10] } } : n)),
    }
    const ok = validateGraph(reparse(d))
    expect(ok.errors).toEqual([])
    expect(ok.models.find((m) => m.role === 'encoder')?.outputs).toEqual([
      'codings_mean',
      'codings_log_var',
      'codings',
    ])
  })
})

test('inserted composites carry their blocks’ defaults, so the editor can count their weights without re-parsing', () => {
  const empty = doc({ nodes: [], training: { recipe: 'gan' } })
  const withGen = insertComposite(empty, byKind('generator'), { x: 0, y: 0 }).doc
  const both = insertComposite(withGen, byKind('discriminator'), { x: 400, y: 0 }).doc
  const report = validateGraph(both)
  expect(report.errors).toEqual([])
  const total = (id: string) =>
    both.nodes
      .filter((n) => n.group === id)
      .reduce((sum, n) => sum + (report.report.params.get(n.id)?.trainable ?? 0), 0)
  expect([total('generator'), total('discriminator')]).toEqual([136_634, 132_951])
})
