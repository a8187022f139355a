import { Graph, linear, type Save } from './builder'

// DCGAN.
export function dcgan(save: Save): void {
  const g = new Graph()
    .group('generator', 'Generator', 'generator')
    .group('discriminator', 'Discriminator', 'discriminator')
  g.chain(
    'generator',
    null,
    ['codings', 'input', { shape: [100] }],
    ['gen_dense', 'dense', linear(7 * 7 * 128)],
    ['gen_reshape', 'reshape', { targetShape: [7, 7, 128] }],
    ['gen_bn_1', 'batchNormalization'],
    [
      'gen_deconv_64',
      'conv2dTranspose',
      { filters: 64, kernelSize: 5, strides: 2, padding: 'same', activation: 'relu' },
    ],
    ['gen_bn_2', 'batchNormalization'],
    [
      'fake_images',
      'conv2dTranspose',
      { filters: 1, kernelSize: 5, strides: 2, padding: 'same', activation: 'tanh' },
    ],
  )
  g.chain(
    'discriminator',
    'fake_images',
    [
      'disc_conv_64',
      'conv2d',
      { filters: 64, kernelSize: 5, strides: 2, padding: 'same', activation: 'linear' },
    ],
    ['disc_lrelu_1', 'activation', { fn: 'leakyRelu', alpha: 0.2 }],
    ['disc_dropout_1', 'dropout', { rate: 0.4 }],
    [
      'disc_conv_128',
      'conv2d',
      { filters: 128, kernelSize: 5, strides: 2, padding: 'same', activation: 'linear' },
    ],
    ['disc_lrelu_2', 'activation', { fn: 'leakyRelu', alpha: 0.2 }],
    ['disc_dropout_2', 'dropout', { rate: 0.4 }],
    ['disc_flatten', 'flatten'],
    ['real_prob', 'dense', { units: 1, activation: 'sigmoid' }],
  )
  save(
    'dcgan',
    {
      title: 'DCGAN',
      description:
        'The chapter’s deep convolutional GAN: the generator goes from 100 codings through Dense 7×7×128, batch normalization and Conv2DTranspose 64 and 1 (tanh, images in [−1, 1]); the discriminator uses strided Conv2D 64 and 128 with leaky ReLU (0.2) and dropout (0.4).',
      teaches:
        'Convolutions, batch normalization and leaky ReLUs let GANs make far sharper images, within the DCGAN guidelines.',
      quick: {
        epochs: 4,
        note: '4 of the book’s 50 epochs: about 2 minutes on 2 CPU cores with the embedded images (an epoch takes about 28 s there), enough for the first garment shapes; the book’s 50 take about 25 minutes',
      },
    },
    g,
    {
      recipe: 'gan',
      optimizer: { kind: 'rmsprop' },
      learningRate: 1e-3,
      epochs: 50,
      batchSize: 32,
      settings: { codingsSize: 100 },
    },
  )
}
