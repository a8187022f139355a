import * as tf from '@tensorflow/tfjs'
import { beforeAll, expect, test } from 'vitest'
import '../../../main/layers'
import { orthogonalMatrix } from '../../../main/layers/orthogonal'
import { initBackend } from '../../../main/tfjs/backend'

beforeAll(async () => {
  expect((await initBackend('cpu')).ok).toBe(true)
})

/** The largest entry of |AᵀA − I| for a rows × cols matrix with orthonormal columns. */
function deviation(a: Float64Array | Float32Array, rows: number, cols: number): number {
  let worst = 0
  for (let j = 0; j < cols; j++)
    for (let k = 0; k < cols; k++) {
      let dot = 0
      for (let i = 0; i < rows; i++) dot += (a[i * cols + j] ?? 0) * (a[i * cols + k] ?? 0)
      worst = Math.max(worst, Math.abs(dot - (j === k ? 1 : 0)))
    }
  return worst
}

test('Gram–Schmidt gives orthonormal columns', () => {
  let seed = 1
  const normal = () => Math.sin(seed++ * 12.9898) * 2
  expect(deviation(orthogonalMatrix(40, 10, normal), 40, 10)).toBeLessThan(1e-12)
})

test('LSTMs get orthogonal recurrent kernels fast on the cpu backend, saved as tfjs’s Orthogonal', () => {
  const started = performance.now()
  const input = tf.input({ shape: [28, 100] })
  const layer = tf.layers.lstm({ units: 100 })
  const model = tf.model({ inputs: input, outputs: layer.apply(input) as tf.SymbolicTensor })
  // tfjs's own took 9 s for this layer here.
  expect(performance.now() - started).toBeLessThan(2_000)
  const recurrent = layer.getWeights()[1]
  if (!recurrent) throw new Error('no recurrent kernel')
  // [100, 400]: orthonormal rows, so its transpose has orthonormal columns.
  const t = tf.transpose(recurrent)
  expect(deviation(t.dataSync() as Float32Array, 400, 100)).toBeLessThan(1e-5)
  const config = JSON.stringify(model.toJSON(null, false))
  expect(config).toContain(
    '"recurrent_initializer":{"class_name":"Orthogonal","config":{"gain":1,"seed":null}}',
  )
  tf.dispose([t])
  tf.disposeVariables()
})
