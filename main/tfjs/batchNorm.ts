import * as tf from '@tensorflow/tfjs'

/** A model's batch-normalization layers, with the index of their moving mean and variance in getWeights(). */
interface NormLayer {
  readonly layer: tf.layers.Layer
  readonly input: tf.SymbolicTensor
  readonly mean: number
  readonly variance: number
}

function normLayers(model: tf.LayersModel): NormLayer[] {
  return model.layers.flatMap((layer) => {
    if (layer.getClassName() !== 'BatchNormalization') return []
    const names = layer.weights.map((w) => w.originalName)
    const mean = names.findIndex((n) => n.endsWith('moving_mean'))
    const variance = names.findIndex((n) => n.endsWith('moving_variance'))
    const input = layer.getInputAt(0)
    if (mean < 0 || variance < 0 || Array.isArray(input))
      throw new Error(`${layer.name}: a BatchNormalization layer without moving statistics`)
    return [{ layer, input, mean, variance }]
  })
}

/**
 * Precise batch normalization (Wu & Johnson, "Rethinking Batch in BatchNorm", 2021): sets every
 * batch-normalization layer's moving mean and variance to the mean of its batch statistics over
 * the given batches, computed as training computes them (each layer normalizing with its batch's
 * statistics). Keras's moving averages (momentum 0.99) need thousands of steps to forget their
 * start (mean 0, variance 1); until then a model in inference mode normalizes with stale numbers
 * (a short diffusion run then samples noise). Answers how many layers it set.
 */
export function recalibrateBatchNorm(
  model: tf.LayersModel,
  feeds: readonly (readonly tf.Tensor[])[],
): number {
  const layers = normLayers(model)
  if (layers.length === 0 || feeds.length === 0) return 0
  const probe = tf.model({ inputs: model.inputs, outputs: layers.map((l) => l.input) })
  const sums = layers.map((): { mean: tf.Tensor; variance: tf.Tensor } => ({
    mean: tf.scalar(0),
    variance: tf.scalar(0),
  }))
  for (const feed of feeds) {
    tf.tidy(() => {
      const out = probe.apply([...feed], { training: true })
      const list = Array.isArray(out) ? out : [out]
      list.forEach((t, i) => {
        const sum = sums[i]
        if (!(t instanceof tf.Tensor) || !sum)
          throw new Error('the probe answered a symbolic tensor')
        const axes = Array.from({ length: t.rank - 1 }, (_, a) => a)
        const m = tf.moments(t, axes)
        const next = { mean: tf.add(sum.mean, m.mean), variance: tf.add(sum.variance, m.variance) }
        tf.dispose([sum.mean, sum.variance])
        sums[i] = { mean: tf.keep(next.mean), variance: tf.keep(next.variance) }
      })
    })
  }
  layers.forEach(({ layer, mean, variance }, i) => {
    const sum = sums[i]
    if (!sum) return
    const weights = layer.getWeights()
    tf.tidy(() => {
      weights[mean] = tf.div(sum.mean, feeds.length)
      weights[variance] = tf.div(sum.variance, feeds.length)
      layer.setWeights(weights)
    })
    tf.dispose([sum.mean, sum.variance])
  })
  return layers.length
}
