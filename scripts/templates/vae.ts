import { Graph, relu, linear, type Save } from './builder'

// Variational autoencoder.
export function vae(save: Save): void {
  const g = new Graph()
    .group('encoder', 'Encoder', 'encoder')
    .group('decoder', 'Decoder', 'decoder')
  g.chain(
    'encoder',
    null,
    ['images', 'input', { shape: [28, 28] }],
    ['flatten', 'flatten'],
    ['enc_dense_150', 'dense', relu(150)],
    ['enc_dense_100', 'dense', relu(100)],
  )
  g.node('encoder', 'codings_mean', 'dense', linear(10))
  g.node('encoder', 'codings_log_var', 'dense', linear(10), 1)
  g.node('encoder', 'codings', 'sampling')
  g.edge('enc_dense_100', 'codings_mean')
  g.edge('enc_dense_100', 'codings_log_var')
  g.edge('codings_mean', 'codings', 'mean')
  g.edge('codings_log_var', 'codings', 'logVar')
  g.chain(
    'decoder',
    'codings',
    ['dec_dense_100', 'dense', relu(100)],
    ['dec_dense_150', 'dense', relu(150)],
    ['dec_dense_784', 'dense', linear(784)],
    ['reconstruction', 'reshape', { targetShape: [28, 28] }],
  )
  save(
    'vae',
    {
      title: 'Variational autoencoder',
      description:
        'The chapter’s VAE: a 784-150-100 encoder outputs a mean and a log-variance for 10 codings, a Sampling layer draws the codings, a mirrored decoder with a linear output rebuilds the image. Loss: MSE plus the latent loss / 784.',
      teaches:
        'A VAE is a generative autoencoder: its codings follow a Gaussian, so decoding random codings makes new images.',
    },
    g,
    {
      recipe: 'vae',
      optimizer: { kind: 'nadam' },
      learningRate: 1e-3,
      epochs: 25,
      batchSize: 128,
      settings: { reconstructionLoss: 'mse' },
    },
  )
}
