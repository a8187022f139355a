import { poolingBlock } from './pooling'

export const avgPool2d = poolingBlock(
  'avgPool2d',
  'AvgPool2D',
  'Averages each window: a smooth downsampling.',
  'AvgPool2D',
  (ctx, a) => ctx.tf.layers.averagePooling2d(a),
)
