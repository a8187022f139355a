import * as tf from '@tensorflow/tfjs'
import * as ort from 'onnxruntime-node'
import { beforeAll, expect, test } from 'vitest'
import { initBackend } from '../../../main/tfjs/backend'
import { compileGraph } from '../../../main/tfjs/compile'
import { templateIds } from '../../../main/documents/templates'
import { layerBlocks, toOnnx } from '../../../main/export/onnx/toOnnx'
import { relError } from '../../helpers/backends'
import { chain, doc } from '../../helpers/docs'
import { randomizeWeights, sampleInputs } from '../../helpers/onnx'
import { loadTemplateDoc } from '../../helpers/templates'

beforeAll(async () => {
  await initBackend('wasm')
})

/** Every model (a group with a role) of every template (the discriminators too: they convert as well). */
const cases = templateIds().flatMap((id) => {
  const doc = loadTemplateDoc(id)
  return doc.groups.filter((g) => g.role !== undefined).map((g) => [id, g.id] as const)
})

test.each(cases)(
  '%s %s: the ONNX model computes what the tfjs model does (to 1e-4)',
  async (id, group) => {
    const template = loadTemplateDoc(id)
    const compiled = compileGraph(template)
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.error))
    const m = compiled.value.models.find((x) => x.plan.id === group)
    if (!m) throw new Error(`no model ${group}`)
    randomizeWeights(m.model)
    const onnx = toOnnx(m.model, layerBlocks(template))
    if (!onnx.ok) throw new Error(onnx.error)
    const session = await ort.InferenceSession.create(onnx.value)
    expect(session.outputNames).toHaveLength(m.model.outputs.length)
    const { xs, feeds } = sampleInputs(m.model, session)
    const expected = [
      m.model.apply(xs.length === 1 ? (xs[0] as tf.Tensor) : xs, { training: false }),
    ].flat() as tf.Tensor[]
    const got = await session.run(feeds)
    session.outputNames.forEach((name, i) => {
      const want = expected[i]
      const out = got[name]
      if (!want || !out) throw new Error(`missing output ${name}`)
      expect(out.dims).toEqual(want.shape)
      // The VAE's sampled codings are random on both sides; their mean and log-variance are compared.
      if (m.model.outputs[i]?.sourceLayer.getClassName() === 'Sampling') return
      expect(relError(out.data as Float32Array, want.dataSync() as Float32Array)).toBeLessThan(1e-4)
    })
    tf.dispose([...xs, ...expected])
    tf.disposeVariables()
  },
)

test('a layer that is no block of the graph is an error naming it', async () => {
  await initBackend('wasm')
  const graph = doc({
    nodes: [
      { id: 'x', kind: 'input', params: { shape: [8] } },
      { id: 'std', kind: 'minibatchStdDev' },
    ],
    edges: chain('x', 'std'),
  })
  const compiled = compileGraph(graph)
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.error))
  const model = compiled.value.models[0]?.model
  if (!model) throw new Error('no model')
  expect(toOnnx(model, layerBlocks(graph)).ok).toBe(true)
  const r = toOnnx(model, () => undefined)
  expect(r.ok).toBe(false)
  if (!r.ok) expect(r.error).toBe('layer std (MinibatchStdDev) is not a block of the graph')
  tf.disposeVariables()
})
