import type * as tf from '@tensorflow/tfjs'

/**
 * The inputs of a model that saved files declare as [batch, 1] instead of [batch]: scalar-per-example
 * inputs (a diffusion step) whose every user is a TimeEncoding layer, which flattens its input, so
 * both shapes compute the same. tfjs's `predict()` turns a [batch] input into [batch, 1] before it
 * checks the shape (a Keras 1 habit), so such a model could never be called through it otherwise.
 * Returns the input layers' names.
 */
export function columnStepInputs(model: tf.LayersModel): Set<string> {
  const names = new Set<string>()
  for (const input of model.inputs) {
    if (input.shape.length !== 1) continue
    // The input layer's own node holds its tensor too: it is no user of it.
    const users = model.layers.filter(
      (l) =>
        l !== input.sourceLayer &&
        l.inboundNodes.some((n) => n.inputTensors.some((t) => t.id === input.id)),
    )
    if (users.length && users.every((l) => l.getClassName() === 'TimeEncoding'))
      names.add(input.sourceLayer.name)
  }
  return names
}
