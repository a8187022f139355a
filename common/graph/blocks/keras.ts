import { py } from '../../python'
import type { Shape } from '../shape'

/** What a block's Keras emitter is given besides its params. */
export interface KerasLayerContext {
  /** The node id: the Keras layer's name. */
  readonly name: string
  /** The node's inferred output shape. */
  readonly shape: Shape
  /** The Python variable holding another node's layer (tied layers). */
  layerOf(id: string): string
}

/**
 * A Keras layer constructor call: `callee(args…, key=value…, name="id")`. `args` are Python text
 * already; keyword values are written with `py` and left out when undefined.
 */
export function kerasCall(
  callee: string,
  name: string,
  args: readonly string[] = [],
  kwargs: Readonly<Record<string, unknown>> = {},
): string {
  const keywords = Object.entries(kwargs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${py(v)}`)
  return `${callee}(${[...args, ...keywords, `name=${py(name)}`].join(', ')})`
}

/** A built-in Keras layer: `tf.keras.layers.Cls(…)`. */
export const kerasLayer = (
  cls: string,
  name: string,
  args: readonly string[] = [],
  kwargs: Readonly<Record<string, unknown>> = {},
): string => kerasCall(`tf.keras.layers.${cls}`, name, args, kwargs)

const INITIALIZERS = {
  glorotUniform: 'glorot_uniform',
  glorotNormal: 'glorot_normal',
  heNormal: 'he_normal',
  heUniform: 'he_uniform',
  leCunNormal: 'lecun_normal',
  leCunUniform: 'lecun_uniform',
} as const

/** Keras's name of a tfjs weight initializer. */
export const kerasInitializer = (id: keyof typeof INITIALIZERS): string => INITIALIZERS[id]
