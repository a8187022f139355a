import { Graph, relu, aeTraining, stackedDecoder, type Save } from './builder'

// The binary autoencoder for semantic hashing: noise before 16 sigmoid codings pushes them to 0 or 1.
export function hashingAe(save: Save): void {
  const g = new Graph()
  g.group('encoder', 'Encoder', 'encoder')
  g.chain(
    'encoder',
    null,
    ['images', 'input', { shape: [28, 28] }],
    ['flatten', 'flatten'],
    ['enc_dense_100', 'dense', relu(100)],
    ['noise', 'gaussianNoise', { stddev: 15 }],
    ['codings', 'dense', { units: 16, activation: 'sigmoid' }],
  )
  stackedDecoder(g, 16)
  const training = aeTraining(10)
  save(
    'hashing-ae',
    {
      title: 'Hashing autoencoder (semantic hashing)',
      description:
        'The chapter’s binary autoencoder: 16 sigmoid codings behind strong Gaussian noise (σ 15) while training, so the only way to get information through is to saturate each coding to 0 or 1. Rounded, the codings are a 16-bit hash of the image; similar images share a hash, which makes search by similarity a table lookup. The preview shows the images that share the most common hashes, one row per hash. Nadam with learning rate 5e-4, 10 epochs.',
      teaches:
        'Noise before a sigmoid bottleneck turns the codings into bits: a learned hash under which similar images collide.',
    },
    g,
    {
      ...training,
      learningRate: 5e-4,
      settings: { ...(training['settings'] as object), hashing: true },
    },
  )
}
