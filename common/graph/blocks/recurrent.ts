import { z } from 'zod'
import { defineBlock, positions, trainable, type BuildContext, type InputInfo } from '../block'
import type { TfLayer } from '../tfTypes'
import { LIMITS } from '../limits'
import { posInt } from '../params'
import { err, ok, type Result } from '../result'
import { fmtShape, type Shape } from '../shape'
import { kerasLayer } from './keras'

/** Recurrent layers' params: units, whether every step's output is returned, and the output activation. */
const recurrentParams = z.object({
  units: posInt(32, LIMITS.units),
  returnSequences: z.boolean().default(false),
  activation: z.enum(['tanh', 'relu', 'linear']).default('tanh'),
})
type RecurrentParams = z.output<typeof recurrentParams>

/** [batch, steps, features] in; [batch, steps, units] or [batch, units] out. */
function recurrentShape(
  label: string,
  x: InputInfo | undefined,
  p: RecurrentParams,
): Result<Shape> {
  if (!x) return err(`${label} has no input`)
  const [batch, steps, features] = x.shape
  if (x.shape.length !== 3 || features === null || features === undefined)
    return err(
      `${label} reads a sequence [batch, steps, features]: got ${fmtShape(x.shape)} from ${x.from} (Reshape images to [28, 28]: 28 rows of 28)`,
    )
  return ok(p.returnSequences ? [batch ?? null, steps ?? null, p.units] : [batch ?? null, p.units])
}

/** Weights of a recurrent layer with `gates` gates: a kernel, a recurrent kernel and a bias per gate. */
const gateParams = (gates: number, features: number, units: number) =>
  gates * (units * (features + units) + units)

const features = (x: Shape | undefined) => x?.[2] ?? 0

/** What differs between the recurrent blocks: their gates, Keras's extra options and tfjs's layer. */
interface RecurrentSpec {
  readonly kind: string
  readonly label: string
  readonly description: string
  readonly gates: number
  readonly kerasOptions?: Readonly<Record<string, unknown>>
  readonly layer: (ctx: BuildContext, args: RecurrentLayerArgs) => TfLayer
}

/** tfjs's options for a recurrent layer, with Keras's sigmoid gates (tfjs defaults to hard sigmoid). */
interface RecurrentLayerArgs extends RecurrentParams {
  readonly recurrentActivation: 'sigmoid'
  readonly name: string
}

const recurrentBlock = (spec: RecurrentSpec) =>
  defineBlock({
    kind: spec.kind,
    label: spec.label,
    category: 'recurrent',
    description: spec.description,
    params: recurrentParams,
    inferShape: ([x], p) => recurrentShape(spec.label, x, p),
    countParams: ([x], p) => trainable(gateParams(spec.gates, features(x), p.units)),
    // Every gate's weights apply once per time step of the input sequence.
    flops: ([x], _p, _out, params) => 2 * params.trainable * positions(x ?? []),
    keras: (p, c) =>
      kerasLayer(spec.label, c.name, [String(p.units)], {
        activation: p.activation,
        return_sequences: p.returnSequences,
        ...spec.kerasOptions,
      }),
    build: (ctx, p) => spec.layer(ctx, { ...p, recurrentActivation: 'sigmoid', name: ctx.name }),
    describe: (p) => `${p.units}${p.returnSequences ? ', sequences' : ''}`,
  })

export const lstm = recurrentBlock({
  kind: 'lstm',
  label: 'LSTM',
  description:
    'Long short-term memory: reads a sequence step by step (an image as 28 rows of 28), keeping a memory; returns the last output or every step’s.',
  gates: 4,
  // Keras's forget-gate bias of 1 (tfjs's default is 0).
  layer: (ctx, args) => ctx.tf.layers.lstm({ ...args, unitForgetBias: true }),
})

export const gru = recurrentBlock({
  kind: 'gru',
  label: 'GRU',
  description:
    'Gated recurrent unit: a lighter LSTM with two gates. Exported with reset_after=False (the variant TensorFlow.js trains; Keras defaults to True).',
  gates: 3,
  kerasOptions: { reset_after: false },
  layer: (ctx, args) => ctx.tf.layers.gru({ ...args }),
})

export const repeatVector = defineBlock({
  kind: 'repeatVector',
  label: 'RepeatVector',
  category: 'recurrent',
  description:
    'Repeats a vector n times into a sequence: feeds a recurrent decoder the codings at every step.',
  params: z.object({ n: posInt(28, LIMITS.timeSteps) }),
  inferShape: ([x], p) => {
    if (!x) return err('RepeatVector has no input')
    if (x.shape.length !== 2)
      return err(`RepeatVector repeats a vector [batch, features]: got ${fmtShape(x.shape)}`)
    return ok([x.shape[0] ?? null, p.n, x.shape[1] ?? null])
  },
  countParams: () => trainable(0),
  keras: (p, c) => kerasLayer('RepeatVector', c.name, [String(p.n)]),
  build: (ctx, p) => ctx.tf.layers.repeatVector({ n: p.n, name: ctx.name }),
  describe: (p) => `×${p.n}`,
})
