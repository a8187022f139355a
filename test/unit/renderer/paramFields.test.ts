import { expect, test } from 'vitest'
import { BLOCKS } from '../../../common/graph/blocks'
import { formatField, paramFields, parseField } from '../../../renderer/forms/paramFields'

test.each(Object.values(BLOCKS).map((b) => [b.kind, b] as const))(
  '%s: a field per param, and every default survives the form unchanged',
  (_kind, block) => {
    const defaults = block.params.parse({}) as Record<string, unknown>
    const fields = paramFields(block.params)
    expect(fields.map((f) => f.key)).toEqual(Object.keys(defaults))
    const roundTrip = Object.fromEntries(
      fields.map((f) => {
        const v = parseField(f, formatField(f, defaults[f.key]))
        if (!v.ok) throw new Error(`${f.key}: ${v.error}`)
        return [f.key, v.value]
      }),
    )
    expect(block.params.parse(roundTrip)).toEqual(defaults)
  },
)

test('fields take their kind and bounds from the schema', () => {
  const fields = paramFields(BLOCKS.conv2d.params)
  expect(fields.find((f) => f.key === 'filters')).toEqual({
    kind: 'number',
    key: 'filters',
    integer: true,
    min: 0,
    max: 4096,
  })
  expect(fields.find((f) => f.key === 'padding')).toEqual({
    kind: 'enum',
    key: 'padding',
    options: ['same', 'valid'],
  })
  expect(paramFields(BLOCKS.input.params).find((f) => f.key === 'shape')).toMatchObject({
    kind: 'dims',
    integer: true,
  })
})

test('typed text becomes values, or a message', () => {
  const dims = { kind: 'dims', key: 'shape', integer: true, minItems: 0, maxItems: 5 } as const
  expect(parseField(dims, '28, 28,1')).toEqual({ ok: true, value: [28, 28, 1] })
  expect(parseField(dims, '28×28')).toEqual({ ok: true, value: [28, 28] })
  expect(parseField(dims, '28, a').ok).toBe(false)
  expect(parseField(dims, '0.5').ok).toBe(false)
  const rates = { ...dims, key: 'layerLearningRates', integer: false } as const
  expect(parseField(rates, '5e-4, 0.005')).toEqual({ ok: true, value: [5e-4, 5e-3] })
  expect(parseField(rates, '5e-4, fast').ok).toBe(false)
  const num = { kind: 'number', key: 'units', integer: true } as const
  expect(parseField(num, ' 12 ')).toEqual({ ok: true, value: 12 })
  expect(parseField(num, '')).toEqual({ ok: false, error: 'expected a number' })
})
