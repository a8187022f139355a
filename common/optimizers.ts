import { z } from 'zod'
import { rate } from './graph/params'
import { py } from './python'

const epsilon = z.number().positive().max(1).default(1e-7)

/** Declares an optimizer's shared part: its schema (params with defaults) and its Keras constructor. */
const defineOptimizerSpec = <
  K extends string,
  S extends z.ZodObject<{ kind: z.ZodLiteral<K> }>,
>(spec: {
  readonly kind: K
  readonly label: string
  readonly schema: S
  /** Keras's constructor and its arguments beyond the learning rate and clipping. */
  readonly keras: (o: z.output<S>) => { readonly cls: string; readonly args: string }
}) => spec

/**
 * The optimizers a document may name, one entry each, keyed by kind. Shared: the training schema,
 * the inspector and the Keras exporter use it; the engine builds each one from
 * `main/train/optimizers.ts`, a table of the same keys.
 */
export const OPTIMIZER_SPECS = {
  adam: defineOptimizerSpec({
    kind: 'adam',
    label: 'Adam',
    schema: z.object({ kind: z.literal('adam'), beta1: rate(0.9), beta2: rate(0.999), epsilon }),
    keras: (o) => ({
      cls: 'Adam',
      args: `beta_1=${py(o.beta1)}, beta_2=${py(o.beta2)}, epsilon=${py(o.epsilon)}`,
    }),
  }),
  nadam: defineOptimizerSpec({
    kind: 'nadam',
    label: 'Nadam',
    schema: z.object({ kind: z.literal('nadam'), beta1: rate(0.9), beta2: rate(0.999), epsilon }),
    keras: (o) => ({
      cls: 'Nadam',
      args: `beta_1=${py(o.beta1)}, beta_2=${py(o.beta2)}, epsilon=${py(o.epsilon)}`,
    }),
  }),
  rmsprop: defineOptimizerSpec({
    kind: 'rmsprop',
    label: 'RMSprop',
    schema: z.object({ kind: z.literal('rmsprop'), rho: rate(0.9), momentum: rate(0), epsilon }),
    keras: (o) => ({
      cls: 'RMSprop',
      args: `rho=${py(o.rho)}, momentum=${py(o.momentum)}, epsilon=${py(o.epsilon)}`,
    }),
  }),
  sgd: defineOptimizerSpec({
    kind: 'sgd',
    label: 'SGD',
    schema: z.object({
      kind: z.literal('sgd'),
      momentum: rate(0.9),
      nesterov: z.boolean().default(false),
    }),
    keras: (o) => ({ cls: 'SGD', args: `momentum=${py(o.momentum)}, nesterov=${py(o.nesterov)}` }),
  }),
}

export type OptimizerKind = keyof typeof OPTIMIZER_SPECS

/** Every optimizer kind, in the order the inspector lists them. */
export const OPTIMIZERS: readonly OptimizerKind[] = Object.values(OPTIMIZER_SPECS).map(
  (s) => s.kind,
)

type OptimizerSpecs = typeof OPTIMIZER_SPECS

/** An optimizer configuration's schema, per kind. */
type OptimizerVariant = OptimizerSpecs[OptimizerKind]['schema']

const [firstVariant, ...moreVariants]: OptimizerVariant[] = Object.values(OPTIMIZER_SPECS).map(
  (s) => s.schema,
)
if (!firstVariant) throw new Error('no optimizers')

/** An optimizer configuration: its kind and params. */
export const optimizerSchema = z.discriminatedUnion('kind', [firstVariant, ...moreVariants])
export type OptimizerConfig = z.output<typeof optimizerSchema>

/** The configuration of one kind of optimizer. */
export type OptimizerConfigOf<K extends OptimizerKind> = z.output<OptimizerSpecs[K]['schema']>

/** The table seen per kind, so that an entry and a configuration of the same kind go together. */
const byKind: {
  readonly [K in OptimizerKind]: {
    readonly keras: (o: OptimizerConfigOf<K>) => { readonly cls: string; readonly args: string }
  }
} = OPTIMIZER_SPECS

const kerasOf = <K extends OptimizerKind>(o: OptimizerConfigOf<K> & { kind: K }) =>
  byKind[o.kind].keras(o)

/** The document's optimizer as a Keras constructor call, its learning rate a Python expression. */
export function pyOptimizer(o: OptimizerConfig, lrExpression: string, clipNorm: number): string {
  const clip = clipNorm > 0 ? `, clipnorm=${py(clipNorm)}` : ''
  const { cls, args } = kerasOf(o)
  return `tf.keras.optimizers.${cls}(learning_rate=${lrExpression}, ${args}${clip})`
}
