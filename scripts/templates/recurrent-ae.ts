import { Graph, aeTraining, linear, type Save } from './builder'

// Recurrent autoencoder: each image read as a sequence of 28 rows of 28 pixels.
export function recurrentAe(save: Save): void {
  const g = new Graph()
  g.group('encoder', 'Encoder', 'encoder')
  g.chain(
    'encoder',
    null,
    ['images', 'input', { shape: [28, 28] }],
    ['enc_lstm_100', 'lstm', { units: 100, returnSequences: true }],
    ['codings', 'lstm', { units: 30 }],
  )
  g.group('decoder', 'Decoder', 'decoder')
  g.chain(
    'decoder',
    null,
    ['dec_codings', 'input', { shape: [30] }],
    ['repeat', 'repeatVector', { n: 28 }],
    ['dec_lstm_100', 'lstm', { units: 100, returnSequences: true }],
    ['reconstruction', 'dense', linear(28)],
  )
  save(
    'recurrent-ae',
    {
      title: 'Recurrent autoencoder',
      description:
        'The chapter’s recurrent autoencoder for sequences, on images read as 28 rows of 28 pixels: an LSTM(100) returning every step feeds an LSTM(30) whose last output is the codings; the decoder repeats the codings at each of the 28 steps (RepeatVector), an LSTM(100) unrolls them and a Dense(28) gives each row back. MSE, Nadam, 10 epochs.',
      teaches:
        'Autoencoders are not only for images: recurrent layers encode a whole sequence into one vector and unroll it back.',
    },
    g,
    aeTraining(10),
  )
}
