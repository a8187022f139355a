import { expect, test } from 'vitest'
import type { GraphNode } from '../../../common/graph/schema'
import { loadTemplateDoc } from '../../helpers/templates'

/**
 * Every layer of every template as the chapter's fact sheet (../shared/CHAPTER.md) has it, one
 * line per layer in data-flow order within each group: kind, size, activation and (for Dense and
 * convolutions) the initializer, Keras's glorot_uniform unless the book says otherwise. Inputs are
 * left out. A template that differs from the book fails here, naming the layer.
 */
const relu = (n: number, init = 'glorotUniform') => `dense ${n} relu ${init}`
const linear = (n: number) => `dense ${n} linear glorotUniform`
const stackedDecoder = [relu(100), linear(784), 'reshape 28x28']
const LAYERS: Record<string, Record<string, readonly string[]>> = {
  'linear-ae': { encoder: [linear(2)], decoder: [linear(3)] },
  'stacked-ae': { encoder: ['flatten', relu(100), relu(30)], decoder: stackedDecoder },
  'tied-ae': {
    encoder: ['flatten', relu(100), relu(30)],
    decoder: ['denseTranspose dense_2 relu', 'denseTranspose dense_1 linear', 'reshape 28x28'],
  },
  'greedy-ae': { encoder: ['flatten', relu(100), relu(30)], decoder: stackedDecoder },
  'conv-ae': {
    encoder: [
      'reshape 28x28x1',
      'conv2d 16 3 s1 same relu glorotUniform',
      'maxPool2d 2',
      'conv2d 32 3 s1 same relu glorotUniform',
      'maxPool2d 2',
      'conv2d 64 3 s1 same relu glorotUniform',
      'maxPool2d 2',
      'conv2d 30 3 s1 same relu glorotUniform',
      'globalAvgPool2d',
    ],
    decoder: [
      linear(144),
      'reshape 3x3x16',
      'conv2dTranspose 32 3 s2 valid relu glorotUniform',
      'conv2dTranspose 16 3 s2 same relu glorotUniform',
      'conv2dTranspose 1 3 s2 same linear glorotUniform',
      'reshape 28x28',
    ],
  },
  'denoising-ae': {
    encoder: ['flatten', 'dropout 0.5', relu(100), relu(30)],
    decoder: stackedDecoder,
  },
  'recurrent-ae': {
    encoder: ['lstm 100 sequences tanh', 'lstm 30 last tanh'],
    decoder: ['repeatVector 28', 'lstm 100 sequences tanh', linear(28)],
  },
  'denoising-gaussian-ae': {
    encoder: ['flatten', 'gaussianNoise 0.2', relu(100), relu(30)],
    decoder: stackedDecoder,
  },
  'hashing-ae': {
    encoder: ['flatten', relu(100), 'gaussianNoise 15', 'dense 16 sigmoid glorotUniform'],
    decoder: stackedDecoder,
  },
  'sparse-ae': {
    encoder: [
      'flatten',
      relu(100),
      'dense 300 sigmoid glorotUniform',
      'activityRegularization l1 0.0001',
    ],
    decoder: stackedDecoder,
  },
  'sparse-kl-ae': {
    encoder: ['flatten', relu(100), 'dense 300 sigmoid glorotUniform', 'klSparsity 0.005 0.1'],
    decoder: stackedDecoder,
  },
  vae: {
    encoder: ['flatten', relu(150), relu(100), linear(10), linear(10), 'sampling'],
    // The book's decoder ends in a linear Dense(784), not a sigmoid.
    decoder: [relu(100), relu(150), linear(784), 'reshape 28x28'],
  },
  gan: {
    // ReLU with he_normal in both, as the book; SELU is only an option a user can pick.
    generator: [
      relu(100, 'heNormal'),
      relu(150, 'heNormal'),
      'dense 784 sigmoid glorotUniform',
      'reshape 28x28',
    ],
    discriminator: [
      'flatten',
      relu(150, 'heNormal'),
      relu(100, 'heNormal'),
      'dense 1 sigmoid glorotUniform',
    ],
  },
  dcgan: {
    generator: [
      'dense 6272 linear glorotUniform',
      'reshape 7x7x128',
      'batchNormalization',
      'conv2dTranspose 64 5 s2 same relu glorotUniform',
      'batchNormalization',
      'conv2dTranspose 1 5 s2 same tanh glorotUniform',
    ],
    discriminator: [
      'conv2d 64 5 s2 same linear glorotUniform',
      'activation leakyRelu 0.2',
      'dropout 0.4',
      'conv2d 128 5 s2 same linear glorotUniform',
      'activation leakyRelu 0.2',
      'dropout 0.4',
      'flatten',
      'dense 1 sigmoid glorotUniform',
    ],
  },
}

/** The training the fact sheet gives each template: recipe, loss, optimizer, epochs, batch. */
const TRAINING: Record<string, Record<string, unknown>> = {
  // SGD at 0.5 for 500 epochs, on the 3-D points.
  'linear-ae': {
    recipe: 'autoencoder',
    loss: 'mse',
    optimizer: 'sgd',
    epochs: 500,
    batchSize: 32,
    learningRate: 0.5,
  },
  'stacked-ae': {
    recipe: 'autoencoder',
    loss: 'mse',
    optimizer: 'nadam',
    epochs: 20,
    batchSize: 32,
  },
  'tied-ae': { recipe: 'autoencoder', loss: 'mse', optimizer: 'nadam', epochs: 10, batchSize: 32 },
  // One autoencoder at a time (10 epochs each, Nadam 5e-4 then 5e-3), then the stack fine-tuned 5.
  'greedy-ae': {
    recipe: 'autoencoder',
    loss: 'mse',
    optimizer: 'nadam',
    epochs: 5,
    batchSize: 32,
    greedy: { layerEpochs: 10, layerLearningRates: [5e-4, 5e-3] },
  },
  'conv-ae': { recipe: 'autoencoder', loss: 'mse', optimizer: 'nadam', epochs: 10, batchSize: 32 },
  'denoising-ae': {
    recipe: 'autoencoder',
    loss: 'mse',
    optimizer: 'nadam',
    epochs: 10,
    batchSize: 32,
  },
  'recurrent-ae': {
    recipe: 'autoencoder',
    loss: 'mse',
    optimizer: 'nadam',
    epochs: 10,
    batchSize: 32,
  },
  'denoising-gaussian-ae': {
    recipe: 'autoencoder',
    loss: 'mse',
    optimizer: 'nadam',
    epochs: 10,
    batchSize: 32,
  },
  'hashing-ae': {
    recipe: 'autoencoder',
    loss: 'mse',
    optimizer: 'nadam',
    epochs: 10,
    batchSize: 32,
    learningRate: 5e-4,
  },
  'sparse-ae': {
    recipe: 'autoencoder',
    loss: 'mse',
    optimizer: 'nadam',
    epochs: 10,
    batchSize: 32,
  },
  'sparse-kl-ae': {
    recipe: 'autoencoder',
    loss: 'mse',
    optimizer: 'nadam',
    epochs: 10,
    batchSize: 32,
  },
  vae: { recipe: 'vae', loss: 'mse', optimizer: 'nadam', epochs: 25, batchSize: 128 },
  gan: { recipe: 'gan', loss: 'bce', optimizer: 'rmsprop', epochs: 50, batchSize: 32, codings: 30 },
  dcgan: {
    recipe: 'gan',
    loss: 'bce',
    optimizer: 'rmsprop',
    epochs: 50,
    batchSize: 32,
    codings: 100,
  },
  diffusion: {
    recipe: 'diffusion',
    loss: 'huber',
    optimizer: 'nadam',
    epochs: 100,
    batchSize: 32,
    T: 4000,
  },
}

/** One layer as the tables above write it. */
function signature(n: GraphNode): string {
  const p = n.params
  const num = (k: string) => String(p[k])
  switch (n.kind) {
    case 'dense':
      return `dense ${num('units')} ${num('activation')} ${num('kernelInitializer')}`
    case 'conv2d':
    case 'conv2dTranspose':
      return `${n.kind} ${num('filters')} ${num('kernelSize')} s${num('strides')} ${num('padding')} ${num('activation')} ${num('kernelInitializer')}`
    case 'reshape':
      return `reshape ${(p['targetShape'] as number[]).join('x')}`
    case 'maxPool2d':
      return `maxPool2d ${num('poolSize')}`
    case 'dropout':
      return `dropout ${num('rate')}`
    case 'lstm':
    case 'gru':
      return `${n.kind} ${num('units')} ${p['returnSequences'] === true ? 'sequences' : 'last'} ${num('activation')}`
    case 'repeatVector':
      return `repeatVector ${num('n')}`
    case 'gaussianNoise':
      return `gaussianNoise ${num('stddev')}`
    case 'activation':
      return `activation ${num('fn')} ${num('alpha')}`
    case 'denseTranspose':
      return `denseTranspose ${num('tiedTo')} ${num('activation')}`
    case 'activityRegularization':
      return `activityRegularization l1 ${num('l1')}`
    case 'klSparsity':
      return `klSparsity ${num('weight')} ${num('target')}`
    default:
      return n.kind
  }
}

test.each(Object.keys(LAYERS))('%s: every layer is the book’s', (id) => {
  const doc = loadTemplateDoc(id)
  const byGroup = Object.fromEntries(
    doc.groups.map((g) => [
      g.role ?? g.id,
      doc.nodes.filter((n) => n.group === g.id && n.kind !== 'input').map(signature),
    ]),
  )
  expect(byGroup).toEqual(LAYERS[id])
})

test.each(Object.keys(TRAINING))(
  '%s: loss, optimizer, epochs and batch size are the book’s',
  (id) => {
    const t = loadTemplateDoc(id).training
    const s: Record<string, unknown> = t.settings
    const loss = s['loss'] ?? s['reconstructionLoss'] ?? (t.recipe === 'gan' ? 'bce' : undefined)
    expect({
      recipe: t.recipe,
      loss,
      optimizer: t.optimizer.kind,
      epochs: t.epochs,
      batchSize: t.batchSize,
      ...(t.recipe === 'gan' ? { codings: s['codingsSize'] } : {}),
      ...(t.recipe === 'diffusion' ? { T: s['steps'] } : {}),
      ...(s['greedyLayerwise'] === true
        ? {
            greedy: {
              layerEpochs: s['layerEpochs'],
              layerLearningRates: s['layerLearningRates'],
            },
          }
        : {}),
      // Keras's default where the book names none: 1e-3.
      ...(t.learningRate !== 1e-3 ? { learningRate: t.learningRate } : {}),
    }).toEqual(TRAINING[id])
  },
)
