import { Graph, stackedEncoder, stackedDecoder, aeTraining, type Save } from './builder'

// Denoising autoencoder (dropout on the input).
export function denoisingAe(save: Save): void {
  const g = new Graph()
  stackedEncoder(g, ['corruption', 'dropout', { rate: 0.5 }])
  stackedDecoder(g, 30)
  save(
    'denoising-ae',
    {
      title: 'Denoising autoencoder',
      description:
        'A stacked autoencoder that sees its inputs with half the pixels dropped (Dropout 0.5, active only while training) and must rebuild the clean image. For the Gaussian-noise variant, replace the Dropout block by a GaussianNoise block (σ 0.2) or set the recipe’s denoising option.',
      teaches:
        'Corrupting the inputs forces an autoencoder to learn robust features instead of copying.',
    },
    g,
    aeTraining(10),
  )
}
