// Property-based fuzzing of graph documents: thousands of malformed and adversarial documents,
// each of which must get clear errors (or be a valid graph that compiles to the shapes the editor
// showed), without an exception, a hang or gigabytes allocated. FUZZ_RUNS=100000 for a long run.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { useBackend } from '../../../main/tfjs/backend'
import { compileGraph } from '../../../main/tfjs/compile'
import { templateIds, TEMPLATES_DIR } from '../../../main/documents/templates'
import { z } from 'zod'
import { BLOCKS, getBlock } from '../../../common/graph/blocks'
import { fmtDocError } from '../../../common/graph/docError'
import { LIMITS } from '../../../common/graph/limits'
import { parseDocument, parseDocumentText } from '../../../common/graph/parse'
import type { GraphDoc } from '../../../common/graph/schema'
import { validateGraph, type ValidationReport } from '../../../common/graph/validate'
import {
  FUZZ_RUNS,
  FUZZ_TIMEOUT,
  nastyNumber,
  nastyValue,
  pathsOf,
  setAt,
  Tally,
} from '../../helpers/fuzz'

/** Slowest single document allowed: far above the worst seen, far below a hang. */
const HANG_MS = 5_000
/** Larger messages would echo the attacker's 10 MB strings back into the UI. */
const MAX_MESSAGE = 1_000

const tallies: Tally[] = []
const rssBefore = process.memoryUsage().rss
let slowestMs = 0
let compiled = 0
/** TimeEncoding's constant tables are shared per size, made once: the only tensors that may stay. */
const timeTables = new Set<string>()

beforeAll(async () => {
  await useBackend('cpu')
})

afterAll(() => {
  for (const t of tallies) console.info(t.summary())
  console.info(
    `documents: slowest ${slowestMs.toFixed(0)} ms; ${compiled} graphs compiled; RSS grew ${((process.memoryUsage().rss - rssBefore) / 2 ** 20).toFixed(0)} MB`,
  )
})

function tally(name: string): Tally {
  const t = new Tally(name)
  tallies.push(t)
  return t
}

/**
 * The whole way in for a document (parse, then validate, then compile what validates), with the
 * properties every input must have. Returns the outcome for the tally.
 */
function checkDocument(raw: unknown, compile: boolean): string {
  const started = performance.now()
  const outcome = examine(raw, compile)
  const ms = performance.now() - started
  slowestMs = Math.max(slowestMs, ms)
  expect(ms).toBeLessThan(HANG_MS)
  return outcome
}

function examine(raw: unknown, compile: boolean): string {
  const parsed = parseDocument(raw)
  if (!parsed.ok) {
    expect(parsed.error.length).toBeGreaterThan(0)
    for (const e of parsed.error) {
      expect(e.path.length).toBeGreaterThan(0)
      expect(e.message.length).toBeGreaterThan(0)
      expect(e.message.length).toBeLessThan(MAX_MESSAGE)
    }
    return 'refused by the schema'
  }
  // Nothing from the document reaches Object.prototype.
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  const report = validateGraph(parsed.value)
  for (const e of report.errors) {
    expect(e.message.length).toBeGreaterThan(0)
    expect(e.message.length).toBeLessThan(MAX_MESSAGE)
  }
  let total = 0
  for (const p of report.report.params.values()) total += p.trainable + p.nonTrainable
  if (report.ok) expect(total).toBeLessThanOrEqual(LIMITS.modelParams)
  const outcome = report.ok ? 'valid' : 'refused by validation'
  // Graphs whose shapes check out compile even when the recipe's roles do not (the editor shows
  // their shapes); small ones are compiled here, and must compile to those shapes.
  if (!compile || report.report.issues.length > 0 || total > 2_000_000) return outcome
  return compiles(parsed.value, report) ? `${outcome}, compiled` : outcome
}

/** Compiles a graph whose shapes inferred cleanly; false when it has model-partition issues. */
function compiles(doc: GraphDoc, report: ValidationReport): boolean {
  const tensorsBefore = tf.memory().numTensors
  const newTables = doc.nodes.filter((n) => {
    const key = n.kind === 'timeEncoding' ? JSON.stringify(n.params) : null
    if (key === null || timeTables.has(key)) return false
    timeTables.add(key)
    return true
  }).length
  const c = compileGraph(doc)
  if (report.ok) expect(c.ok).toBe(true)
  if (c.ok) {
    compiled++
    for (const { plan, model } of c.value.models) {
      // What compiles is what the editor showed: every output shape as inferred.
      const shapes = model.outputs.map((o) => o.shape)
      expect(shapes).toEqual(plan.outputs.map((id) => report.shapes[id]))
    }
  } else {
    // Its refusal is one validation already reported.
    const known = new Set(report.errors.map((e) => e.message))
    for (const e of c.error) expect(known.has(e.message)).toBe(true)
  }
  // As the engine frees a run's graph: nothing may stay behind but a new step table.
  tf.disposeVariables()
  expect(tf.memory().numTensors - tensorsBefore).toBeLessThanOrEqual(newTables)
  return c.ok
}

const templates = templateIds().map(
  (id) => JSON.parse(readFileSync(join(TEMPLATES_DIR, `${id}.json`), 'utf8')) as unknown,
)

describe('graph documents, fuzzed', { timeout: FUZZ_TIMEOUT }, () => {
  test('any JSON value or structured-clone value is a document or a clear refusal', () => {
    const t = tally('arbitrary values')
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything(), nastyValue), (raw) => {
        t.add(checkDocument(raw, false))
      }),
      { numRuns: FUZZ_RUNS ?? 2_000 },
    )
    expect(t.total).toBeGreaterThanOrEqual(2_000)
  })

  test('templates with fields set to adversarial values or deleted', () => {
    const t = tally('mutated templates')
    const mutation = fc.tuple(fc.nat(), fc.oneof(nastyValue, fc.constant(undefined)))
    fc.assert(
      fc.property(
        fc.constantFrom(...templates),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (template, mutations) => {
          let doc = template
          for (const [at, value] of mutations) {
            const paths = pathsOf(doc).filter((p) => p.length > 0)
            doc = setAt(doc, paths[at % paths.length] ?? [], value)
          }
          t.add(checkDocument(doc, true))
        },
      ),
      { numRuns: FUZZ_RUNS ?? 1_500 },
    )
    expect(t.counts.get('refused by the schema') ?? 0).toBeGreaterThan(0)
    expect(t.counts.get('refused by validation') ?? 0).toBeGreaterThan(0)
  })

  test('random graphs: any block kinds, parameters and wiring (cycles, self-loops, dangling edges)', () => {
    const t = tally('random graphs')
    // Mostly real kinds: one bad node refuses the whole document, and the rest is worth reaching.
    const kind = fc.oneof(
      { arbitrary: fc.constantFrom(...Object.keys(BLOCKS)), weight: 40 },
      { arbitrary: fc.constantFrom('evalCode', '__proto__', 'constructor'), weight: 1 },
    )
    const ids = Array.from({ length: 10 }, (_, i) => `n${i}`)
    const smallInt = fc.integer({ min: 1, max: 64 })
    const param = fc.oneof(
      { arbitrary: smallInt, weight: 12 },
      { arbitrary: nastyNumber, weight: 1 },
      { arbitrary: fc.array(smallInt, { minLength: 1, maxLength: 3 }), weight: 2 },
      { arbitrary: fc.constantFrom('same', 'valid', 'relu', 'sigmoid', 'tanh', 'selu'), weight: 2 },
    )
    // Each kind's own parameter names (and now and then one it does not have).
    const paramsOf = (kind: string) => {
      const schema: unknown = getBlock(kind)?.params
      const own = schema instanceof z.ZodObject ? Object.keys(schema.shape) : []
      const some = fc.dictionary(fc.constantFrom(...own, 'units', 'bogus'), param, { maxKeys: 2 })
      // Defaults most of the time, so that deep graphs get past the schema to shape inference.
      return fc.oneof({ arbitrary: fc.constant({}), weight: 4 }, { arbitrary: some, weight: 1 })
    }
    const group = fc.oneof(
      { arbitrary: fc.constantFrom('encoder', 'decoder', undefined), weight: 30 },
      { arbitrary: fc.constant('nowhere'), weight: 1 },
    )
    const node = kind.chain((k) => fc.record({ kind: fc.constant(k), params: paramsOf(k), group }))
    const edge = fc.record({
      source: fc.constantFrom(...ids, 'ghost'),
      target: fc.constantFrom(...ids, 'ghost'),
      targetHandle: fc.constantFrom('in', 'in0', 'in1', 'time', 'x'),
    })
    const inputShape = fc.oneof(
      { arbitrary: fc.constantFrom([784], [28, 28], [28, 28, 1], [30]), weight: 20 },
      { arbitrary: fc.constantFrom([0], [16384, 16384, 3], [1e9]), weight: 1 },
    )
    fc.assert(
      fc.property(
        inputShape,
        fc.array(node, { minLength: 1, maxLength: ids.length - 1 }),
        fc.boolean(),
        fc.array(edge, { maxLength: 6 }),
        fc.constantFrom('autoencoder', 'vae', 'gan', 'diffusion'),
        (shape, nodes, chained, extra, recipe) => {
          // Mostly a chain from one Input (the shape graphs users draw), plus stray wiring.
          const chain = chained
            ? nodes.map((_, i) => ({ source: `n${i}`, target: `n${i + 1}` }))
            : []
          const doc = {
            format: 'latent-studio.graph',
            version: 1,
            groups: [
              { id: 'encoder', name: 'Encoder', role: 'encoder' },
              { id: 'decoder', name: 'Decoder', role: 'decoder' },
            ],
            nodes: [
              { id: 'n0', kind: 'input', params: { shape } },
              ...nodes.map((n, i) => ({ id: `n${i + 1}`, ...n })),
            ],
            edges: [...chain, ...extra],
            training: { recipe },
          }
          t.add(checkDocument(doc, true))
        },
      ),
      { numRuns: FUZZ_RUNS ?? 3_000 },
    )
    expect(t.counts.get('refused by validation') ?? 0).toBeGreaterThan(0)
  })

  test('document text: truncated, garbled or deeply nested JSON', () => {
    const t = tally('document texts')
    const text = JSON.stringify(templates[0])
    fc.assert(
      fc.property(
        fc.oneof(
          fc.nat({ max: text.length }).map((n) => text.slice(0, n)),
          fc
            .tuple(fc.nat({ max: text.length }), fc.string())
            .map(([at, s]) => text.slice(0, at) + s + text.slice(at + s.length)),
          fc.integer({ min: 1_000, max: 200_000 }).map((d) => `${'['.repeat(d)}1${']'.repeat(d)}`),
          fc.constant('{"format":"latent-studio.graph","version":1,"nodes":' + '['.repeat(500_000)),
        ),
        (s) => {
          const r = parseDocumentText(s)
          t.add(r.ok ? 'parsed' : 'refused')
          if (!r.ok) expect(r.error[0]?.message.length ?? 0).toBeLessThan(MAX_MESSAGE)
        },
      ),
      { numRuns: FUZZ_RUNS ?? 500 },
    )
  })

  test('sizes past the limits are refused before anything is allocated, naming the limit', () => {
    const cases: [string, unknown, RegExp][] = [
      ['Dense units 1e9', { kind: 'dense', params: { units: 1e9 } }, /65536/],
      [
        'negative filters',
        { kind: 'conv2d', params: { filters: -3 } },
        /filters: expected positive/,
      ],
      [
        'an input of 16384 × 16384 × 3',
        { kind: 'input', params: { shape: [16384, 16384, 3] } },
        /values per example/,
      ],
    ]
    for (const [what, patch, message] of cases) {
      const doc = {
        format: 'latent-studio.graph',
        version: 1,
        nodes: [
          { id: 'in', kind: 'input', params: { shape: [8] } },
          { id: 'x', ...(patch as object) },
        ],
        edges: [{ source: 'in', target: 'x' }],
      }
      const parsed = parseDocument(doc)
      const text = parsed.ok
        ? validateGraph(parsed.value).errors.map((e) => `${e.nodeId}: ${e.message}`)
        : parsed.error.map(fmtDocError)
      expect(text.join('; '), what).toMatch(message)
    }
    // Layers each under the per-layer limit, together far over the model's.
    const wide = {
      format: 'latent-studio.graph',
      version: 1,
      nodes: [
        { id: 'in', kind: 'input', params: { shape: [6000] } },
        ...[1, 2, 3, 4, 5].map((i) => ({ id: `d${i}`, kind: 'dense', params: { units: 6000 } })),
      ],
      edges: [1, 2, 3, 4, 5].map((i) => ({
        source: i === 1 ? 'in' : `d${i - 1}`,
        target: `d${i}`,
      })),
    }
    const parsed = parseDocument(wide)
    expect(parsed.ok).toBe(true)
    if (parsed.ok)
      expect(
        validateGraph(parsed.value)
          .errors.map((e) => e.message)
          .join('; '),
      ).toMatch(/weights in all.*limit 100000000/)
  })

  test('regressions the fuzzers found stay fixed', () => {
    // Flatten after a flat input passed inference, then tfjs refused to build it.
    const flatFlatten = {
      format: 'latent-studio.graph',
      version: 1,
      nodes: [
        { id: 'in', kind: 'input', params: { shape: [784] } },
        { id: 'f', kind: 'flatten' },
      ],
      edges: [{ source: 'in', target: 'f' }],
    }
    const parsed = parseDocument(flatFlatten)
    if (!parsed.ok) throw new Error('the document should parse')
    expect(validateGraph(parsed.value).errors.map((e) => e.message)).toContain(
      'Flatten needs an input with two or more dimensions besides the batch: [null,784] is already flat',
    )
  })

  test('no fuzzed input leaked tfjs tensors or allocated gigabytes', () => {
    expect(tf.memory().numTensors).toBeLessThanOrEqual(timeTables.size)
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(1024 * 2 ** 20)
  })
})
