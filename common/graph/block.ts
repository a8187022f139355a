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

type Spec<P> = Omit<BlockDef<P>, 'inputs' | 'countParams' | 'describe' | 'refs'> &
  Partial<Pick<BlockDef<P>, 'inputs' | 'countParams' | 'describe'>> & {
    /** Declared by name, checked against the params: only string params can hold a node id. */
    readonly refs?: readonly RefKey<P>[]
  }

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
