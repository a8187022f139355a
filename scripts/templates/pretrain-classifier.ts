import { Graph, relu, stackedEncoder, stackedDecoder, type Save } from './builder'

// Unsupervised pretraining: an autoencoder learns from all images, a small classifier from a few labels.
export function pretrainClassifier(save: Save): void {
  const g = new Graph()
  stackedEncoder(g)
  stackedDecoder(g, 30)
  g.group('classifier', 'Classifier', 'classifier')
  g.chain(
    'classifier',
    'codings',
    ['cls_dense_100', 'dense', relu(100)],
    ['class_probs', 'dense', { units: 10, activation: 'softmax' }],
  )
  save(
    'pretrain-classifier',
    {
      title: 'Unsupervised pretraining',
      description:
        'A stacked autoencoder first learns from all training images without labels; then a small classifier on top of its frozen encoder learns from only 10% of the labels.',
      teaches:
        'When labels are scarce, an autoencoder trained on the unlabelled data gives a classifier good features to start from.',
    },
    g,
    {
      recipe: 'classifier',
      optimizer: { kind: 'nadam' },
      learningRate: 1e-3,
      epochs: 10,
      batchSize: 32,
      settings: { freezeEncoder: true, labelledFraction: 0.1, classes: 10, pretrainEpochs: 10 },
    },
  )
}
