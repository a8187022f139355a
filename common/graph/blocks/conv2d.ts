import { convArgs, convBlock } from './convolution'
import { convLength } from './helpers'

export const conv2d = convBlock({
  kind: 'conv2d',
  label: 'Conv2D',
  description: '2-D convolution: learns local filters that slide over the image.',
  defaultStrides: 1,
  length: convLength,
  strideMark: '/',
  kerasClass: 'Conv2D',
  make: (ctx, p) => ctx.tf.layers.conv2d(convArgs(ctx, p)),
})
