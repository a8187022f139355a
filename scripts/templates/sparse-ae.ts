import { Graph, relu, stackedDecoder, aeTraining, type Save, type Params } from './builder'

// Sparse autoencoders: L1 activity regularization, and the KL-divergence variant.
export function sparseAe(save: Save): void {
  for (const variant of ['l1', 'kl'] as const) {
    const g = new Graph().group('encoder', 'Encoder', 'encoder')
    const reg: [string, string, Params] =
      variant === 'l1'
        ? ['sparsity', 'activityRegularization', { l1: 1e-4, l2: 0 }]
        : ['sparsity', 'klSparsity', { weight: 5e-3, target: 0.1 }]
    g.chain(
      'encoder',
      null,
      ['images', 'input', { shape: [28, 28] }],
      ['flatten', 'flatten'],
      ['enc_dense_100', 'dense', relu(100)],
      ['enc_dense_300', 'dense', { units: 300, activation: 'sigmoid' }],
      reg,
    )
    stackedDecoder(g, 300)
    const l1 = variant === 'l1'
    save(
      l1 ? 'sparse-ae' : 'sparse-kl-ae',
      {
        title: l1 ? 'Sparse autoencoder (L1)' : 'Sparse autoencoder (KL divergence)',
        description: l1
          ? 'A 300-unit sigmoid coding layer with ℓ1 activity regularization (1e-4), so that most codings are near zero for any input.'
          : 'The same 300 sigmoid codings with the chapter’s KL-divergence regularizer (weight 5e-3, target 0.1): the mean activation of each coding is pushed towards 10%.',
        teaches:
          'A sparsity loss makes each coding respond to few inputs, which yields more meaningful features.',
      },
      g,
      aeTraining(10),
    )
  }
}
