import type { CustomLayerFactory } from '../../common/graph/tfTypes'
import { ActivityRegularization } from './activityRegularization'
import { DenseTranspose } from './denseTranspose'
import { KlSparsity } from './klSparsity'
import { MinibatchStdDev } from './minibatchStdDev'
import { Sampling } from './sampling'
import { tf } from './tf'
import { TimeEncoding } from './timeEncoding'
import './orthogonal'

export { collectPenalties } from './penalties'
export {
  ActivityRegularization,
  DenseTranspose,
  KlSparsity,
  MinibatchStdDev,
  Sampling,
  TimeEncoding,
}

/** Every custom layer class, registered with tfjs serialization so saved models load again. */
export const CUSTOM_LAYER_CLASSES = [
  Sampling,
  DenseTranspose,
  ActivityRegularization,
  KlSparsity,
  TimeEncoding,
  MinibatchStdDev,
] as const
for (const cls of CUSTOM_LAYER_CLASSES) tf.serialization.registerClass(cls)

/** The engine's implementation of the block library's custom-layer constructors. */
export const customLayers: CustomLayerFactory = {
  sampling: ({ name }) => new Sampling({ name }),
  denseTranspose: ({ name, tied, units, activation }) =>
    new DenseTranspose({ name, tiedTo: tied.name, units, activation }, tied),
  activityRegularization: ({ name, l1, l2 }) => new ActivityRegularization({ name, l1, l2 }),
  klSparsity: ({ name, weight, target }) => new KlSparsity({ name, weight, target }),
  timeEncoding: ({ name, steps, dims }) => new TimeEncoding({ name, steps, dims }),
  minibatchStdDev: ({ name }) => new MinibatchStdDev({ name }),
}

/** Re-links DenseTranspose layers to their tied Dense layers after a model was loaded from JSON. */
export function linkTiedLayers(layers: readonly tf.layers.Layer[]): void {
  const byName = new Map(layers.map((l) => [l.name, l]))
  for (const l of layers) {
    if (l instanceof DenseTranspose) {
      const tied = byName.get(l.tiedTo)
      if (!tied)
        throw new Error(`DenseTranspose ${l.name}: tied layer ${l.tiedTo} is not in the model`)
      l.link(tied)
    }
  }
}
