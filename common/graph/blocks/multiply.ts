import { elementwiseBlock } from './merge'

export const multiply = elementwiseBlock(
  'multiply',
  'Multiply',
  'Multiplies its inputs element-wise (gating); dims of 1 broadcast.',
  (ctx) => ctx.tf.layers.multiply({ name: ctx.name }),
  'Multiply',
)
