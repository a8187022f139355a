import { convArgs, convBlock } from './convolution'
import { deconvLength } from './helpers'

export const conv2dTranspose = convBlock({
  kind: 'conv2dTranspose',
  label: 'Conv2DTranspose',
  description:
    'Transposed convolution: upsamples an image while learning filters (decoders, generators).',
  defaultStrides: 2,
  length: deconvLength,
  strideMark: '×',
  kerasClass: 'Conv2DTranspose',
  make: (ctx, p) => ctx.tf.layers.conv2dTranspose(convArgs(ctx, p)),
})
