import { Graph, linear, aeTraining, type Save, type Params } from './builder'

// Convolutional autoencoder.
export function convAe(save: Save): void {
  const g = new Graph()
    .group('encoder', 'Encoder', 'encoder')
    .group('decoder', 'Decoder', 'decoder')
  const conv = (filters: number): Params => ({
    filters,
    kernelSize: 3,
    padding: 'same',
    activation: 'relu',
  })
  g.chain(
    'encoder',
    null,
    ['images', 'input', { shape: [28, 28] }],
    ['to_image', 'reshape', { targetShape: [28, 28, 1] }],
    ['conv_16', 'conv2d', conv(16)],
    ['pool_1', 'maxPool2d', { poolSize: 2 }],
    ['conv_32', 'conv2d', conv(32)],
    ['pool_2', 'maxPool2d', { poolSize: 2 }],
    ['conv_64', 'conv2d', conv(64)],
    ['pool_3', 'maxPool2d', { poolSize: 2 }],
    ['conv_30', 'conv2d', conv(30)],
    ['codings', 'globalAvgPool2d'],
  )
  g.chain(
    'decoder',
    null,
    ['dec_codings', 'input', { shape: [30] }],
    ['dec_dense', 'dense', linear(144)],
    ['dec_reshape', 'reshape', { targetShape: [3, 3, 16] }],
    [
      'deconv_32',
      'conv2dTranspose',
      { filters: 32, kernelSize: 3, strides: 2, padding: 'valid', activation: 'relu' },
    ],
    [
      'deconv_16',
      'conv2dTranspose',
      { filters: 16, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' },
    ],
    [
      'deconv_1',
      'conv2dTranspose',
      { filters: 1, kernelSize: 3, strides: 2, padding: 'same', activation: 'linear' },
    ],
    ['reconstruction', 'reshape', { targetShape: [28, 28] }],
  )
  save(
    'conv-ae',
    {
      title: 'Convolutional autoencoder',
      description:
        'The chapter’s convolutional autoencoder: Conv2D 16/32/64/30 with max pooling and global average pooling down to 30 codings; Conv2DTranspose layers back up to 28×28.',
      teaches:
        'Convolutional encoders keep the spatial structure of images and need far fewer weights than dense ones.',
    },
    g,
    aeTraining(10),
  )
}
