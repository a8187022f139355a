import { z } from 'zod'
import { defineBlock, trainable, type InputInfo } from '../block'
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

export const lstm = defineBlock({
  kind: 'lstm',
  label: 'LSTM',
  category: 'recurrent',
  description:
    'Long short-term memory: reads a sequence step by step (an image as 28 rows of 28), keeping a memory; returns the last output or every step’s.',
  params: recurrentParams,
  inferShape: ([x], p) => recurrentShape('LSTM', x, p),
  countParams: ([x], p) => trainable(gateParams(4, features(x), p.units)),
  keras: (p, c) =>
    kerasLayer('LSTM', c.name, [String(p.units)], {
      activation: p.activation,
      return_sequences: p.returnSequences,
    }),
  // Keras's defaults, which tfjs's differ from: sigmoid gates (not hard sigmoid), forget bias 1.
  build: (ctx, p) =>
    ctx.tf.layers.lstm({
      units: p.units,
      activation: p.activation,
      recurrentActivation: 'sigmoid',
      unitForgetBias: true,
      returnSequences: p.returnSequences,
      name: ctx.name,
    }),
  describe: (p) => `${p.units}${p.returnSequences ? ', sequences' : ''}`,
})

export const gru = defineBlock({
  kind: 'gru',
  label: 'GRU',
  category: 'recurrent',
  description:
    'Gated recurrent unit: a lighter LSTM with two gates. Exported with reset_after=False (the variant TensorFlow.js trains; Keras defaults to True).',
  params: recurrentParams,
  inferShape: ([x], p) => recurrentShape('GRU', x, p),
  countParams: ([x], p) => trainable(gateParams(3, features(x), p.units)),
  keras: (p, c) =>
    kerasLayer('GRU', c.name, [String(p.units)], {
      activation: p.activation,
      return_sequences: p.returnSequences,
      reset_after: false,
    }),
  build: (ctx, p) =>
    ctx.tf.layers.gru({
      units: p.units,
      activation: p.activation,
      recurrentActivation: 'sigmoid',
      returnSequences: p.returnSequences,
      name: ctx.name,
    }),
  describe: (p) => `${p.units}${p.returnSequences ? ', sequences' : ''}`,
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
