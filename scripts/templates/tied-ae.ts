import { Graph, relu, aeTraining, type Save } from './builder'

// Tied autoencoder: the decoder reuses the encoder's kernels, transposed.
export function tiedAe(save: Save): void {
  const g = new Graph()
    .group('encoder', 'Encoder', 'encoder')
    .group('decoder', 'Decoder', 'decoder')
  g.chain(
    'encoder',
    null,
    ['images', 'input', { shape: [28, 28] }],
    ['flatten', 'flatten'],
    ['dense_1', 'dense', relu(100)],
    ['dense_2', 'dense', relu(30)],
  )
  g.chain(
    'decoder',
    'dense_2',
    ['tied_2', 'denseTranspose', { tiedTo: 'dense_2', activation: 'relu' }],
    ['tied_1', 'denseTranspose', { tiedTo: 'dense_1', activation: 'linear' }],
    ['reconstruction', 'reshape', { targetShape: [28, 28] }],
  )
  save(
    'tied-ae',
    {
      title: 'Tied autoencoder',
      description:
        'The stacked autoencoder with the decoder’s weights tied to the encoder’s (DenseTranspose): the decoder owns only its biases.',
      teaches:
        'Tying weights halves the number of weights, speeds training and limits overfitting.',
    },
    g,
    aeTraining(10),
  )
}
