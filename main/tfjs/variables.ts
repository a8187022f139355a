import * as tf from '@tensorflow/tfjs'

type HasWeights = Pick<tf.LayersModel, 'trainableWeights'>

/**
 * The trainable variables of some models, each once (tied and shared layers appear in several
 * models): the explicit var list every `optimizer.minimize` call gets, so a GAN phase trains only
 * the sub-model it means to.
 */
export function trainableVariables(...models: readonly HasWeights[]): tf.Variable[] {
  const seen = new Map<number, tf.Variable>()
  for (const w of models.flatMap((m) => m.trainableWeights)) {
    const v = w.read()
    if (!(v instanceof tf.Variable))
      throw new Error(`weight ${w.name} is not backed by a tf.Variable`)
    seen.set(v.id, v as tf.Variable)
  }
  return [...seen.values()]
}
