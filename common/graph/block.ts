import type { z } from 'zod'
import type { Result } from './result'
import type { Shape } from './shape'
import type { CustomLayerFactory, TfLayer, Tfjs } from './tfTypes'

export const CATEGORIES = [
  'input',
  'core',
  'convolution',
  'pooling',
  'reshape',
  'normalization',
  'regularization',
  'activation',
  'merge',
  'custom',
] as const
export type Category = (typeof CATEGORIES)[number]

/** A connection point on a block. Every block has one output, `out`. */
export interface HandleDef {
  readonly id: string
  readonly label: string
}

/** What shape inference knows about one connected input. */
export interface InputInfo {
  readonly shape: Shape
  /** Label of the block that produces it, for messages such as "Dense after Conv2D". */
  readonly from: string
}

/** Facts about other nodes that tied layers need during inference. */
export interface InferEnv {
  /** Shape of the first input of node `id`, if known. */
  inputShapeOf(id: string): Shape | undefined
  /** Block kind of node `id`, if it exists. */
  kindOf(id: string): string | undefined
  /** Parsed params of node `id`, if it exists. */
  paramsOf(id: string): Readonly<Record<string, unknown>> | undefined
}

export interface ParamCount {
  readonly trainable: number
  readonly nonTrainable: number
}

/** What the compiler hands a block when it builds the tfjs layer. */
export interface BuildContext {
  readonly tf: Tfjs
  readonly custom: CustomLayerFactory
  /** The tfjs layer name: the node id. */
  readonly name: string
  /** The output shape inference gave this node (Reshape resolves its -1 from it). */
  readonly outputShape: Shape
  /** The layer already built for another node (tied layers). */
  layerOf(id: string): TfLayer | undefined
}

/** A block kind: everything the UI and the engine need to know about it, in one place. */
export interface BlockDef<P> {
  readonly kind: string
  readonly label: string
  readonly category: Category
  readonly description: string
  readonly params: z.ZodType<P>
  /** Input handles; merges have as many as their `inputs` param says. */
  inputs(p: P): readonly HandleDef[]
  inferShape(inputs: readonly InputInfo[], p: P, env: InferEnv): Result<Shape>
  countParams(inputs: readonly Shape[], p: P, output: Shape): ParamCount
  build(ctx: BuildContext, p: P): TfLayer
  /** Node ids this block depends on besides its edges (tied layers). */
  refs?(p: P): readonly string[]
  /** Short text of the key params, for nodes on the canvas. */
  describe(p: P): string
  /** The block's inputs are also model outputs (Sampling exposes mean and log-variance). */
  readonly exposesInputs?: boolean
}

type Spec<P> = Omit<BlockDef<P>, 'inputs' | 'countParams' | 'describe'> &
  Partial<Pick<BlockDef<P>, 'inputs' | 'countParams' | 'describe'>>

export const IN: readonly HandleDef[] = [{ id: 'in', label: 'input' }]
const NO_PARAMS: ParamCount = { trainable: 0, nonTrainable: 0 }

/** Declares a block kind; defaults: one input `in`, no weights, no description of params. */
export function defineBlock<P>(spec: Spec<P>): BlockDef<P> {
  return {
    inputs: () => IN,
    countParams: () => NO_PARAMS,
    describe: () => '',
    ...spec,
  }
}

/** Shorthand for a weight count that is all trainable. */
export const trainable = (n: number): ParamCount => ({ trainable: n, nonTrainable: 0 })
