import { execFileSync } from 'node:child_process'
import * as tf from '@tensorflow/tfjs'
import * as ort from 'onnxruntime-node'
import { beforeAll, describe, expect, test } from 'vitest'
import { BLOCKS, getBlock, type BlockKind } from '../../../common/graph/blocks'
import { inferShapes } from '../../../common/graph/inferShapes'
import { pyName } from '../../../common/python'
import { initBackend } from '../../../main/tfjs/backend'
import { compileGraph } from '../../../main/tfjs/compile'
import { layerBlocks, toOnnx } from '../../../main/export/onnx/toOnnx'
import { relError, seeded } from '../../helpers/backends'
import { BLOCK_CASES, type BlockCase } from '../../helpers/blockCases'
import { doc, type RawEdge, type RawNode } from '../../helpers/docs'
import { randomizeWeights } from '../../helpers/onnx'
import { columnStepInputs } from '../../../main/tfjs/stepInputs'

beforeAll(async () => {
  expect((await initBackend('wasm')).ok).toBe(true)
})

const KINDS = (Object.keys(BLOCKS) as BlockKind[]).filter((k) => k !== 'input')

/**
 * A one-block graph for a conformance case: an Input per input shape feeding the block (`b`);
 * a DenseTranspose is tied to a Dense (`tied`, 20 → 8) that feeds it, as in the chapter.
 */
function caseDoc(kind: BlockKind, c: BlockCase) {
  const block = getBlock(kind)
  if (!block) throw new Error(`no block ${kind}`)
  const handles = block.inputs(block.params.parse(c.params))
  const nodes: RawNode[] = []
  const edges: RawEdge[] = []
  if (kind === 'denseTranspose') {
    nodes.push(
      { id: 'x0', kind: 'input', params: { shape: [20] } },
      { id: 'tied', kind: 'dense', params: { units: 8, activation: 'linear' } },
    )
    edges.push({ source: 'x0', target: 'tied' }, { source: 'tied', target: 'b' })
  } else
    c.inputs.forEach((shape, i) => {
      nodes.push({
        id: `x${i}`,
        kind: 'input',
        params: { shape: shape.slice(1).map((d) => d ?? 1), dtype: c.dtype ?? 'float32' },
      })
      edges.push({ source: `x${i}`, target: 'b', targetHandle: handles[i]?.id ?? 'in' })
    })
  nodes.push({ id: 'b', kind, params: c.params })
  return doc({ nodes, edges })
}

const cases = KINDS.flatMap((kind) => BLOCK_CASES[kind].map((c, i) => [kind, i, c] as const))

describe('ONNX', () => {
  test.each(cases)(
    '%s case %i: the exported model runs in onnxruntime and computes what tfjs does',
    async (kind, _i, c) => {
      const graph = caseDoc(kind, c)
      const compiled = compileGraph(graph)
      if (!compiled.ok) throw new Error(JSON.stringify(compiled.error))
      const model = compiled.value.models[0]?.model
      if (!model) throw new Error('no model')
      randomizeWeights(model)
      const onnx = toOnnx(model, layerBlocks(graph))
      if (!onnx.ok) throw new Error(onnx.error)
      const session = await ort.InferenceSession.create(onnx.value)
      const feeds: Record<string, ort.Tensor> = {}
      // A diffusion step goes to ONNX as [batch, 1] (see columnStepInputs).
      const columns = columnStepInputs(model)
      const xs = model.inputs.map((t, i) => {
        const shape = t.shape.map((d) => d ?? 3)
        const size = shape.reduce((a, b) => a * b, 1)
        const name = session.inputNames[i] ?? ''
        if (t.dtype === 'int32') {
          const steps = Int32Array.from(seeded(size, 5 + i), (v) => Math.floor((v + 1) * 24))
          const onnxShape = columns.has(t.sourceLayer.name) ? [...shape, 1] : shape
          feeds[name] = new ort.Tensor('int32', steps, onnxShape)
          return tf.tensor(steps, shape, 'int32')
        }
        // Sampling's log-variance input at -40 makes its noise vanish, so both sides agree.
        const values =
          kind === 'sampling' && i === 1
            ? new Float32Array(size).fill(-40)
            : seeded(size, 5 + i).map((v) => (v + 1) / 2)
        feeds[name] = new ort.Tensor('float32', values, shape)
        return tf.tensor(values, shape)
      })
      // apply, not predict: predict reshapes rank-1 inputs (TimeEncoding's steps).
      const wants = [
        model.apply(xs.length === 1 ? (xs[0] as tf.Tensor) : xs, { training: false }),
      ].flat() as tf.Tensor[]
      const got = await session.run(feeds)
      expect(session.outputNames).toHaveLength(wants.length)
      session.outputNames.forEach((name, i) => {
        const want = wants[i]
        const out = got[name]
        if (!want || !out) throw new Error(`missing output ${name}`)
        expect(out.dims).toEqual(want.shape)
        expect(relError(out.data as Float32Array, want.dataSync() as Float32Array)).toBeLessThan(
          1e-4,
        )
      })
      tf.dispose([...xs, ...wants])
      tf.disposeVariables()
    },
  )
})

interface PyParse {
  readonly ok: boolean
  readonly error?: string
  readonly callee?: string
  readonly keywords?: Record<string, unknown>
  readonly classes?: readonly string[]
}

/** Parses Keras expressions and class sources with Python's own parser (ast), in one process. */
function pythonParse(items: readonly { expr: string; source: string }[]): PyParse[] {
  const script = `
import ast, json, sys
out = []
for item in json.load(sys.stdin):
    try:
        call = ast.parse(item["expr"], mode="eval").body
        classes = [n.name for n in ast.parse(item["source"]).body if isinstance(n, ast.ClassDef)]
        if not isinstance(call, ast.Call):
            raise SyntaxError("not a call")
        out.append({"ok": True, "callee": ast.unparse(call.func), "classes": classes,
                    "keywords": {k.arg: ast.literal_eval(k.value) for k in call.keywords}})
    except Exception as e:
        out.append({"ok": False, "error": repr(e)})
print(json.dumps(out))
`
  const text = execFileSync('/usr/bin/python3', ['-c', script], {
    input: JSON.stringify(items),
    encoding: 'utf8',
  })
  return JSON.parse(text) as PyParse[]
}

describe('Keras', () => {
  test('every block case is one Keras layer call that Python parses, named after its node', () => {
    const items = cases.map(([kind, , c]) => {
      const graph = caseDoc(kind, c)
      const report = inferShapes(graph)
      const block = getBlock(kind)
      if (!block) throw new Error(`no block ${kind}`)
      const expr = block.keras(block.params.parse(c.params), {
        name: 'b',
        shape: report.shapes.get('b') ?? [],
        layerOf: pyName,
      })
      return { kind, expr, source: block.kerasClass ?? '' }
    })
    const parsed = pythonParse(items)
    items.forEach((item, i) => {
      const r = parsed[i]
      expect(r?.ok, `${item.kind}: ${item.expr}: ${r?.error ?? ''}`).toBe(true)
      expect(r?.keywords?.['name']).toBe('b')
      // Keras's own layer, or the custom class the block defines for the script.
      const custom = r?.classes ?? []
      const callee = r?.callee ?? ''
      expect(
        callee.startsWith('tf.keras.layers.') || custom.includes(callee),
        `${item.kind}: ${callee}`,
      ).toBe(true)
      if (custom.length) expect(custom).toContain(callee)
    })
    // Every kind was checked, custom layers included.
    expect(new Set(items.map((x) => x.kind))).toEqual(new Set(KINDS))
    expect(items.filter((x) => x.source).map((x) => x.kind)).toEqual(
      expect.arrayContaining(['sampling', 'denseTranspose', 'klSparsity', 'timeEncoding']),
    )
  })
})
