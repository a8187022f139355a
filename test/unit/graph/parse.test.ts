import { describe, expect, test } from 'vitest'
import { fmtDocError } from '../../../common/graph/docError'
import { migrate } from '../../../common/graph/migrate'
import { parseDocument, parseDocumentText } from '../../../common/graph/parse'
import { GRAPH_VERSION } from '../../../common/graph/schema'
import { fixture, rawDoc } from '../../helpers/docs'

const errorsOf = (raw: unknown): string[] => {
  const r = parseDocument(raw)
  return r.ok ? [] : r.error.map(fmtDocError)
}
const withDense = (params: Record<string, unknown>) =>
  rawDoc({
    nodes: [
      { id: 'in', kind: 'input', params: { shape: [4] } },
      { id: 'a', kind: 'dense' },
      { id: 'b', kind: 'dense' },
      { id: 'c', kind: 'dense', params },
    ],
  })

describe('parseDocument', () => {
  test('fills block defaults into params', () => {
    const doc = fixture('vae')
    const dense = doc.nodes.find((n) => n.id === 'enc_dense_150')
    expect(dense?.params).toEqual({
      units: 150,
      activation: 'relu',
      useBias: true,
      kernelInitializer: 'glorotUniform',
    })
    expect(doc.training.recipe).toBe('vae')
    expect(doc.training.optimizer).toEqual({
      kind: 'nadam',
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-7,
    })
  })

  test.each([
    [{ units: -5 }, 'nodes[3].params.units: expected positive integer'],
    [{ units: 2.5 }, 'nodes[3].params.units: expected positive integer'],
    [{ units: 'ten' }, 'nodes[3].params.units: expected positive integer'],
    [{ units: 1e9 }, 'nodes[3].params.units: expected at most 65536'],
    [{ activation: 'relu6' }, 'nodes[3].params.activation'],
  ])('bad params %j are reported at their path', (params, message) => {
    const errors = errorsOf(withDense(params))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain(message)
  })

  test('unknown kinds, duplicate ids and unknown groups are named', () => {
    const errors = errorsOf(
      rawDoc({
        groups: [{ id: 'enc', name: 'Encoder', role: 'encoder' }],
        nodes: [
          { id: 'x', kind: 'input' },
          { id: 'x', kind: 'dense' },
          { id: 'y', kind: 'transformer' },
          { id: 'z', kind: 'dense', group: 'dec' },
        ],
      }),
    )
    expect(errors).toEqual([
      'nodes[1].id: duplicate node id "x"',
      'nodes[2].kind: unknown block kind "transformer"',
      'nodes[3].group: unknown group "dec"',
    ])
  })

  test('schema errors name the path', () => {
    expect(errorsOf(rawDoc({ nodes: [{ id: '1bad', kind: 'dense' }] }))[0]).toMatch(
      /^nodes\[0\]\.id: expected an id/,
    )
    expect(errorsOf({ ...rawDoc({ nodes: [] }), training: { recipe: 'gan', epochs: 0 } })).toEqual([
      'training.epochs: expected positive integer',
    ])
    expect(errorsOf({ ...rawDoc({ nodes: [] }), edges: [{ source: 'a' }] })).toEqual([
      'edges[0].target: expected an id string',
    ])
  })

  test('wrong files are refused with a readable message', () => {
    expect(errorsOf([])).toEqual(['(document): expected a JSON object'])
    expect(errorsOf({ format: 'something-else', version: 1 })).toEqual([
      'format: expected "latent-studio.graph": this is not a Latent Studio graph',
    ])
    expect(errorsOf({ format: 'latent-studio.graph', version: 99 })).toEqual([
      `version: version 99 was written by a newer Latent Studio (this one reads up to ${GRAPH_VERSION})`,
    ])
    const notJson = parseDocumentText('{"format": ')
    expect(notJson.ok).toBe(false)
    expect(!notJson.ok && notJson.error[0]?.message).toMatch(/^not valid JSON/)
  })

  test('a prototype-pollution key in params is dropped, not applied', () => {
    const parsed = parseDocumentText(
      JSON.stringify(withDense({ units: 3 })).replace(
        '"units":3',
        '"units":3,"__proto__":{"polluted":true}',
      ),
    )
    expect(parsed.ok).toBe(true)
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
    expect(parsed.ok && Object.keys(parsed.value.nodes[3]?.params ?? {})).not.toContain('__proto__')
  })
})

describe('migrate', () => {
  test('applies each migration from the document version up to the current one', () => {
    const migrations = {
      1: (d: Record<string, unknown>) => ({ ...d, renamed: d['old'] }),
      2: (d: Record<string, unknown>) => ({ ...d, third: true }),
    }
    const result = migrate({ format: 'latent-studio.graph', version: 1, old: 42 }, migrations, 3)
    expect(result).toEqual({
      ok: true,
      value: { format: 'latent-studio.graph', version: 3, old: 42, renamed: 42, third: true },
    })
  })

  test('a missing migration step is an error, not a silent pass', () => {
    const result = migrate({ format: 'latent-studio.graph', version: 1 }, {}, 2)
    expect(result).toEqual({
      ok: false,
      error: [{ path: 'version', message: 'no migration from version 1' }],
    })
  })
})
