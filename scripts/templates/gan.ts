import { Graph, reluHe, type Save } from './builder'

// The simple GAN.
export function gan(save: Save): void {
  const g = new Graph()
    .group('generator', 'Generator', 'generator')
    .group('discriminator', 'Discriminator', 'discriminator')
  g.chain(
    'generator',
    null,
    ['codings', 'input', { shape: [30] }],
    ['gen_dense_100', 'dense', reluHe(100)],
    ['gen_dense_150', 'dense', reluHe(150)],
    ['gen_dense_784', 'dense', { units: 784, activation: 'sigmoid' }],
    ['fake_images', 'reshape', { targetShape: [28, 28] }],
  )
  g.chain(
    'discriminator',
    'fake_images',
    ['disc_flatten', 'flatten'],
    ['disc_dense_150', 'dense', reluHe(150)],
    ['disc_dense_100', 'dense', reluHe(100)],
    ['real_prob', 'dense', { units: 1, activation: 'sigmoid' }],
  )
  save(
    'gan',
    {
      title: 'Simple GAN',
      description:
        'The chapter’s first GAN: a 30-100-150-784 generator and a 784-150-100-1 discriminator (ReLU with He initialization; SELU is an option in each Dense block), trained in two phases with RMSprop and batches of 32.',
      teaches:
        'A generator and a discriminator compete: the generator learns to make images the discriminator cannot tell from real ones.',
    },
    g,
    {
      recipe: 'gan',
      optimizer: { kind: 'rmsprop' },
      learningRate: 1e-3,
      epochs: 50,
      batchSize: 32,
      settings: { codingsSize: 30 },
    },
  )
}
