import { poolingBlock } from './pooling'

export const maxPool2d = poolingBlock(
  'maxPool2d',
  'MaxPool2D',
  'Keeps the largest value of each window: halves the image with pool size 2.',
  'MaxPool2D',
  (ctx, a) => ctx.tf.layers.maxPooling2d(a),
)
