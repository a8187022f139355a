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
    new DenseTranspose({ name, tied: { name: tied.name }, units, activation }, tied),
  activityRegularization: ({ name, l1, l2 }) => new ActivityRegularization({ name, l1, l2 }),
  klSparsity: ({ name, weight, target }) => new KlSparsity({ name, weight, target }),
  timeEncoding: ({ name, steps, dims }) => new TimeEncoding({ name, steps, dims }),
  minibatchStdDev: ({ name }) => new MinibatchStdDev({ name }),
}

/**
 * Re-links DenseTranspose layers to their tied Dense layers after models were loaded from JSON:
 * each looks for a Dense layer of its tied name among `layers` (those of every model loaded
 * together; a sub-model's input layer may carry the same name, but is no Dense layer). A layer
 * whose tied layer is not there runs on the kernel copy it was saved with, if it has one.
 */
export function linkTiedLayers(layers: readonly tf.layers.Layer[]): void {
  const dense = new Map(
    layers.filter((l) => l.getClassName() === 'Dense').map((l) => [l.name, l] as const),
  )
  for (const l of layers) {
    if (!(l instanceof DenseTranspose)) continue
    const tied = dense.get(l.tiedName)
    if (tied) l.link(tied)
    else if (!l.runnable)
      throw new Error(
        `DenseTranspose ${l.name}: its tied Dense layer ${l.tiedName} is not loaded, and it carries no copy of its kernel`,
      )
  }
}
