import { expect, test } from 'vitest'
import { jsonNestsDeeper, MAX_NESTING, nestsDeeper } from '../../../common/nesting'

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth)

test('JSON text is measured by its brackets outside strings, escapes included', () => {
  expect(jsonNestsDeeper(nested(MAX_NESTING))).toBe(false)
  expect(jsonNestsDeeper(nested(MAX_NESTING + 1))).toBe(true)
  // Brackets inside strings, and a quote escaped inside one, do not count.
  const inString = JSON.stringify({ label: `${'['.repeat(500)} \\" ${'{'.repeat(500)}` })
  expect(jsonNestsDeeper(inString)).toBe(false)
  expect(jsonNestsDeeper(`{"a":"\\"","b":${nested(MAX_NESTING)}}`)).toBe(true)
})

test('a parsed value is measured without recursion, however deep', () => {
  let deep: unknown = {}
  for (let i = 0; i < 100_000; i++) deep = { next: deep }
  expect(nestsDeeper(deep)).toBe(true)
  // Byte arrays (preview PNGs) are leaves, not levels.
  expect(
    nestsDeeper({ png: new Uint8Array(10), doc: { nodes: [{ params: { shape: [28] } }] } }),
  ).toBe(false)
})
