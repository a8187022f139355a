import { elementwiseBlock } from './merge'

export const add = elementwiseBlock(
  'add',
  'Add',
  'Sums its inputs element-wise (skip connections, time embeddings); dims of 1 broadcast.',
  (ctx) => ctx.tf.layers.add({ name: ctx.name }),
  'Add',
)
