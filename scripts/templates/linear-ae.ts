import { Graph, linear, type Save } from './builder'

// The undercomplete linear autoencoder that performs PCA: 3-D points to 2-D codings and back.
export function linearAe(save: Save): void {
  const g = new Graph()
  g.group('encoder', 'Encoder', 'encoder')
  g.chain('encoder', null, ['points', 'input', { shape: [3] }], ['codings', 'dense', linear(2)])
  g.group('decoder', 'Decoder', 'decoder')
  g.chain(
    'decoder',
    null,
    ['dec_codings', 'input', { shape: [2] }],
    ['reconstruction', 'dense', linear(3)],
  )
  save(
    'linear-ae',
    {
      title: 'Linear autoencoder (PCA)',
      description:
        'The chapter’s first autoencoder: no activation and fewer codings than inputs, so the best it can do is project the data onto the plane that keeps the most variance, as PCA does. It reads the chapter’s 60 points in 3-D (a noisy oval, rotated and shifted) and learns 2-D codings: Dense(2) and Dense(3), both linear, MSE, SGD with learning rate 0.5, 500 epochs. The preview plots the 2-D codings.',
      teaches:
        'A linear autoencoder with MSE loss learns the same subspace as PCA: its codings are the data seen from the angle that keeps the most variance.',
    },
    g,
    {
      recipe: 'autoencoder',
      optimizer: { kind: 'sgd' },
      learningRate: 0.5,
      epochs: 500,
      batchSize: 32,
      validationSplit: 0,
      settings: { loss: 'mse' },
    },
    { dataset: { kind: 'points' } },
  )
}
