import type { z } from 'zod'
import type { KerasLayerContext } from './blocks/keras'
import type { Result } from './result'
import type { Shape } from './shape'
import type { CustomLayerFactory, TfLayer, Tfjs } from './tfTypes'

export const CATEGORIES = [
  'input',
  'core',
  'convolution',
  'pooling',
  'recurrent',
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

/** The keys of a block's params whose value is a node id (a string). */
type RefKey<P> = { [K in keyof P]: P[K] extends string | undefined ? K : never }[keyof P] & string

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
  /**
   * An estimate of the floating-point operations per example of a forward pass (2 per
   * multiply-add), from the shapes and the weight count; `weightFlops` by default.
   */
  flops(inputs: readonly Shape[], p: P, output: Shape, params: ParamCount): number
  build(ctx: BuildContext, p: P): TfLayer
  /** The Keras layer it builds, as a Python expression (the exported script's). */
  keras(p: P, ctx: KerasLayerContext): string
  /**
   * The Python source of the custom Keras layer class `keras` uses, which the script defines once
   * at its top; absent for Keras's own layers.
   */
  readonly kerasClass?: string
  /**
   * The params that hold another node's id (a tied layer): paste and rename rewrite these, and
   * only these, when the node they name gets a new id; inference orders the graph by them.
   */
  readonly refs?: readonly string[]
  /** Short text of the key params, for nodes on the canvas. */
  describe(p: P): string
  /** The block's inputs are also model outputs (Sampling exposes mean and log-variance). */
  readonly exposesInputs?: boolean
}

type Spec<P> = Omit<BlockDef<P>, 'inputs' | 'countParams' | 'flops' | 'describe' | 'refs'> &
  Partial<Pick<BlockDef<P>, 'inputs' | 'countParams' | 'flops' | 'describe'>> & {
    /** Declared by name, checked against the params: only string params can hold a node id. */
    readonly refs?: readonly RefKey<P>[]
  }

export const IN: readonly HandleDef[] = [{ id: 'in', label: 'input' }]
const NO_PARAMS: ParamCount = { trainable: 0, nonTrainable: 0 }

/** Values per example of a shape: every dim after the batch (an unknown one counts as 1). */
export const elements = (shape: Shape): number =>
  shape.slice(1).reduce<number>((n, d) => n * (d ?? 1), 1)

/** The positions a per-feature weight applies at: every dim between the batch and the last. */
export const positions = (shape: Shape): number =>
  shape.slice(1, -1).reduce<number>((n, d) => n * (d ?? 1), 1)

/**
 * The default FLOPs estimate: a layer with trainable weights applies all of them at every output
 * position (Dense, Conv2D, SeparableConv2D: 2 × weights × positions); one without does about one
 * operation per output value (activations, pooling, merges, reshapes).
 */
export function weightFlops(
  _inputs: readonly Shape[],
  _p: unknown,
  output: Shape,
  params: ParamCount,
) {
  return params.trainable > 0 ? 2 * params.trainable * positions(output) : elements(output)
}

/** Declares a block kind; defaults: one input `in`, no weights, no description of params. */
export function defineBlock<P>(spec: Spec<P>): BlockDef<P> {
  return {
    inputs: () => IN,
    countParams: () => NO_PARAMS,
    flops: weightFlops,
    describe: () => '',
    ...spec,
  }
}

/** Shorthand for a weight count that is all trainable. */
export const trainable = (n: number): ParamCount => ({ trainable: n, nonTrainable: 0 })

/** The node ids a block's params refer to (its declared reference params that are set). */
export function blockRefs(block: AnyBlockDef, params: Readonly<Record<string, unknown>>): string[] {
  return (block.refs ?? []).flatMap((k) => {
    const v = params[k]
    return typeof v === 'string' && v !== '' ? [v] : []
  })
}

/** The params with each declared reference renamed where `rename` gives a new id; others untouched. */
export function renameRefs(
  block: AnyBlockDef,
  params: Readonly<Record<string, unknown>>,
  rename: (id: string) => string | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...params }
  for (const k of block.refs ?? []) {
    const v = params[k]
    if (typeof v === 'string') out[k] = rename(v) ?? v
  }
  return out
}

/** Any block definition, as far as its references go. */
type AnyBlockDef = Pick<BlockDef<unknown>, 'refs'>
