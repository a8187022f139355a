import * as tf from '@tensorflow/tfjs'
import * as ort from 'onnxruntime-node'
import { seeded } from './backends'
import { columnStepInputs } from '../../main/tfjs/stepInputs'

/** Gives every weight of a model seeded values (variances positive), so a comparison sees real numbers. */
export function randomizeWeights(model: tf.LayersModel, seed = 7): void {
  for (const layer of model.layers) {
    const ws = layer.getWeights()
    if (!ws.length) continue
    const fresh = ws.map((w, i) => {
      const v = seeded(w.size, seed + i).map((x) => x * 0.2)
      const positive = layer.getClassName() === 'BatchNormalization' && i === ws.length - 1
      return tf.tensor(positive ? v.map((x) => 0.5 + Math.abs(x)) : v, w.shape)
    })
    layer.setWeights(fresh)
    tf.dispose(fresh)
  }
}

/** Model inputs: images in [0,1), integer steps for int32 inputs; as tfjs tensors and ONNX feeds. */
export function sampleInputs(
  model: tf.LayersModel,
  session: ort.InferenceSession,
  batch = 3,
): { xs: tf.Tensor[]; feeds: Record<string, ort.Tensor> } {
  const feeds: Record<string, ort.Tensor> = {}
  // A diffusion step goes to ONNX as [batch, 1] (see columnStepInputs).
  const columns = columnStepInputs(model)
  const xs = model.inputs.map((t, i) => {
    const shape = t.shape.map((d) => d ?? batch)
    const size = shape.reduce((a, b) => a * b, 1)
    const name = session.inputNames[i] ?? ''
    if (t.dtype === 'int32') {
      const steps = Int32Array.from(seeded(size, 3 + i), (v) => Math.floor((v + 1) * 50))
      const onnxShape = columns.has(t.sourceLayer.name) ? [...shape, 1] : shape
      feeds[name] = new ort.Tensor('int32', steps, onnxShape)
      return tf.tensor(steps, shape, 'int32')
    }
    const values = seeded(size, 3 + i).map((v) => (v + 1) / 2)
    feeds[name] = new ort.Tensor('float32', values, shape)
    return tf.tensor(values, shape)
  })
  return { xs, feeds }
}
