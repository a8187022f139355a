import { Graph, stackedEncoder, stackedDecoder, aeTraining, type Save } from './builder'

// Stacked autoencoder: 784-100-30-100-784.
export function stackedAe(save: Save): void {
  const g = new Graph()
  stackedEncoder(g)
  stackedDecoder(g, 30)
  save(
    'stacked-ae',
    {
      title: 'Stacked autoencoder',
      description:
        'The chapter’s first autoencoder for Fashion-MNIST: 784-100-30 encoder, mirrored decoder, MSE loss, Nadam.',
      teaches:
        'Autoencoders learn efficient codings by reconstructing their inputs; a 30-unit bottleneck forces them to keep what matters.',
    },
    g,
    aeTraining(20),
  )
}
