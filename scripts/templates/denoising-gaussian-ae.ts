import { Graph, stackedEncoder, stackedDecoder, aeTraining, type Save } from './builder'

// Denoising autoencoder, the Gaussian-noise variant (the book's text; its notebook trains dropout).
export function denoisingGaussianAe(save: Save): void {
  const g = new Graph()
  stackedEncoder(g, ['corruption', 'gaussianNoise', { stddev: 0.2 }])
  stackedDecoder(g, 30)
  save(
    'denoising-gaussian-ae',
    {
      title: 'Denoising autoencoder (Gaussian noise)',
      description:
        'The stacked autoencoder with Gaussian noise (σ 0.2) added to its inputs while it trains, the alternative to dropout the chapter describes: it must rebuild the clean image from a noisy one. The noise is off at inference, so reconstructions of clean images show what it learned; compare with `denoising-ae` (Dropout 0.5).',
      teaches:
        'Noisy inputs and clean targets teach an autoencoder to remove noise, so it cannot simply copy pixels.',
    },
    g,
    aeTraining(10),
  )
}
