// Writes templates/*.json: the chapter's models as graph documents (one place to edit them).
// Usage: npx tsx scripts/buildTemplates.ts
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { TEMPLATES_DIR } from '../main/engine/templates'
import { parseDocument } from '../common/graph/parse'
import { GRAPH_VERSION } from '../common/graph/schema'
import { layoutPositions } from '../common/graph/layout'

type Params = Record<string, unknown>
interface N {
  id: string
  kind: string
  params: Params
  group?: string
  position: { x: number; y: number }
}
interface E {
  source: string
  target: string
  targetHandle?: string
}

/** Accumulates nodes and edges, laying each group out as a column. */
class Graph {
  nodes: N[] = []
  edges: E[] = []
  groups: { id: string; name: string; role: string; position: { x: number; y: number } }[] = []
  private rows = new Map<string, number>()
  group(id: string, name: string, role: string): this {
    this.groups.push({ id, name, role, position: { x: this.groups.length * 420, y: 0 } })
    return this
  }
  node(
    group: string | undefined,
    id: string,
    kind: string,
    params: Params = {},
    column = 0,
  ): string {
    const gi = Math.max(
      0,
      this.groups.findIndex((g) => g.id === group),
    )
    const row = this.rows.get(`${group}:${column}`) ?? 0
    this.rows.set(`${group}:${column}`, row + 1)
    this.nodes.push({
      id,
      kind,
      params,
      ...(group ? { group } : {}),
      position: { x: gi * 420 + column * 200, y: row * 90 },
    })
    return id
  }
  edge(source: string, target: string, targetHandle?: string): void {
    this.edges.push({ source, target, ...(targetHandle ? { targetHandle } : {}) })
  }
  /** A chain: each [id, kind, params] fed by the previous; returns the last id. */
  chain(
    group: string | undefined,
    from: string | null,
    ...steps: [string, string, Params?][]
  ): string {
    let prev = from
    for (const [id, kind, params] of steps) {
      this.node(group, id, kind, params ?? {})
      if (prev) this.edge(prev, id)
      prev = id
    }
    return prev ?? ''
  }
}

interface Meta {
  title: string
  description: string
  teaches: string
  quick?: Params
}
const docs: Record<string, unknown> = {}
const save = (id: string, meta: Meta, g: Graph, training: Params) => {
  docs[id] = {
    format: 'latent-studio.graph',
    version: GRAPH_VERSION,
    meta,
    groups: g.groups,
    nodes: g.nodes,
    edges: g.edges,
    dataset: { kind: 'embedded' },
    training,
  }
}
const relu = (units: number): Params => ({ units, activation: 'relu' })
const linear = (units: number): Params => ({ units, activation: 'linear' })
const seluHe = (units: number): Params => ({
  units,
  activation: 'selu',
  kernelInitializer: 'heNormal',
})
const stackedDecoder = (g: Graph, codings: number) => {
  g.group('decoder', 'Decoder', 'decoder')
  g.chain(
    'decoder',
    null,
    ['dec_codings', 'input', { shape: [codings] }],
    ['dec_dense_100', 'dense', relu(100)],
    ['dec_dense_784', 'dense', linear(784)],
    ['reconstruction', 'reshape', { targetShape: [28, 28] }],
  )
}
function aeTraining(epochs: number): Params {
  return {
    recipe: 'autoencoder',
    optimizer: { kind: 'nadam' },
    learningRate: 1e-3,
    epochs,
    batchSize: 32,
    settings: { loss: 'mse' },
  }
}

// Stacked autoencoder: 784-100-30-100-784.
{
  const g = new Graph().group('encoder', 'Encoder', 'encoder')
  g.chain(
    'encoder',
    null,
    ['images', 'input', { shape: [28, 28] }],
    ['flatten', 'flatten'],
    ['enc_dense_100', 'dense', relu(100)],
    ['codings', 'dense', relu(30)],
  )
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
// Tied autoencoder: the decoder reuses the encoder's kernels, transposed.
{
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
    aeTraining(20),
  )
}
// Convolutional autoencoder.
{
  const g = new Graph()
    .group('encoder', 'Encoder', 'encoder')
    .group('decoder', 'Decoder', 'decoder')
  const conv = (filters: number): Params => ({
    filters,
    kernelSize: 3,
    padding: 'same',
    activation: 'relu',
  })
  g.chain(
    'encoder',
    null,
    ['images', 'input', { shape: [28, 28] }],
    ['to_image', 'reshape', { targetShape: [28, 28, 1] }],
    ['conv_16', 'conv2d', conv(16)],
    ['pool_1', 'maxPool2d', { poolSize: 2 }],
    ['conv_32', 'conv2d', conv(32)],
    ['pool_2', 'maxPool2d', { poolSize: 2 }],
    ['conv_64', 'conv2d', conv(64)],
    ['pool_3', 'maxPool2d', { poolSize: 2 }],
    ['conv_30', 'conv2d', conv(30)],
    ['codings', 'globalAvgPool2d'],
  )
  g.chain(
    'decoder',
    null,
    ['dec_codings', 'input', { shape: [30] }],
    ['dec_dense', 'dense', linear(144)],
    ['dec_reshape', 'reshape', { targetShape: [3, 3, 16] }],
    [
      'deconv_32',
      'conv2dTranspose',
      { filters: 32, kernelSize: 3, strides: 2, padding: 'valid', activation: 'relu' },
    ],
    [
      'deconv_16',
      'conv2dTranspose',
      { filters: 16, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' },
    ],
    [
      'deconv_1',
      'conv2dTranspose',
      { filters: 1, kernelSize: 3, strides: 2, padding: 'same', activation: 'linear' },
    ],
    ['reconstruction', 'reshape', { targetShape: [28, 28] }],
  )
  save(
    'conv-ae',
    {
      title: 'Convolutional autoencoder',
      description:
        'The chapter’s convolutional autoencoder: Conv2D 16/32/64/30 with max pooling and global average pooling down to 30 codings; Conv2DTranspose layers back up to 28×28.',
      teaches:
        'Convolutional encoders keep the spatial structure of images and need far fewer weights than dense ones.',
    },
    g,
    aeTraining(10),
  )
}
// Denoising autoencoder (dropout on the input).
{
  const g = new Graph().group('encoder', 'Encoder', 'encoder')
  g.chain(
    'encoder',
    null,
    ['images', 'input', { shape: [28, 28] }],
    ['flatten', 'flatten'],
    ['corruption', 'dropout', { rate: 0.5 }],
    ['enc_dense_100', 'dense', relu(100)],
    ['codings', 'dense', relu(30)],
  )
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
// Sparse autoencoders: L1 activity regularization, and the KL-divergence variant.
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
// Variational autoencoder.
{
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
    ['dec_dense_784', 'dense', { units: 784, activation: 'sigmoid' }],
    ['reconstruction', 'reshape', { targetShape: [28, 28] }],
  )
  save(
    'vae',
    {
      title: 'Variational autoencoder',
      description:
        'The chapter’s VAE: a 784-150-100 encoder outputs a mean and a log-variance for 10 codings, a Sampling layer draws the codings, a mirrored decoder rebuilds the image. Loss: MSE plus the latent loss / 784.',
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
// The simple GAN.
{
  const g = new Graph()
    .group('generator', 'Generator', 'generator')
    .group('discriminator', 'Discriminator', 'discriminator')
  g.chain(
    'generator',
    null,
    ['codings', 'input', { shape: [30] }],
    ['gen_dense_100', 'dense', seluHe(100)],
    ['gen_dense_150', 'dense', seluHe(150)],
    ['gen_dense_784', 'dense', { units: 784, activation: 'sigmoid' }],
    ['fake_images', 'reshape', { targetShape: [28, 28] }],
  )
  g.chain(
    'discriminator',
    'fake_images',
    ['disc_flatten', 'flatten'],
    ['disc_dense_150', 'dense', seluHe(150)],
    ['disc_dense_100', 'dense', seluHe(100)],
    ['real_prob', 'dense', { units: 1, activation: 'sigmoid' }],
  )
  save(
    'gan',
    {
      title: 'Simple GAN',
      description:
        'The chapter’s first GAN: a 30-100-150-784 SELU generator and a 784-150-100-1 discriminator, trained in two phases with RMSprop and batches of 32.',
      teaches:
        'A generator and a discriminator compete: the generator learns to make images the discriminator cannot tell from real ones.',
    },
    g,
    {
      recipe: 'gan',
      optimizer: { kind: 'rmsprop' },
      learningRate: 1e-3,
      epochs: 50,
      batchSize: 32,
      settings: { codingsSize: 30 },
    },
  )
}
// DCGAN.
{
  const g = new Graph()
    .group('generator', 'Generator', 'generator')
    .group('discriminator', 'Discriminator', 'discriminator')
  g.chain(
    'generator',
    null,
    ['codings', 'input', { shape: [100] }],
    ['gen_dense', 'dense', linear(7 * 7 * 128)],
    ['gen_reshape', 'reshape', { targetShape: [7, 7, 128] }],
    ['gen_bn_1', 'batchNormalization'],
    [
      'gen_deconv_64',
      'conv2dTranspose',
      { filters: 64, kernelSize: 5, strides: 2, padding: 'same', activation: 'relu' },
    ],
    ['gen_bn_2', 'batchNormalization'],
    [
      'fake_images',
      'conv2dTranspose',
      { filters: 1, kernelSize: 5, strides: 2, padding: 'same', activation: 'tanh' },
    ],
  )
  g.chain(
    'discriminator',
    'fake_images',
    [
      'disc_conv_64',
      'conv2d',
      { filters: 64, kernelSize: 5, strides: 2, padding: 'same', activation: 'linear' },
    ],
    ['disc_lrelu_1', 'activation', { fn: 'leakyRelu', alpha: 0.2 }],
    ['disc_dropout_1', 'dropout', { rate: 0.4 }],
    [
      'disc_conv_128',
      'conv2d',
      { filters: 128, kernelSize: 5, strides: 2, padding: 'same', activation: 'linear' },
    ],
    ['disc_lrelu_2', 'activation', { fn: 'leakyRelu', alpha: 0.2 }],
    ['disc_dropout_2', 'dropout', { rate: 0.4 }],
    ['disc_flatten', 'flatten'],
    ['real_prob', 'dense', { units: 1, activation: 'sigmoid' }],
  )
  save(
    'dcgan',
    {
      title: 'DCGAN',
      description:
        'The chapter’s deep convolutional GAN: the generator goes from 100 codings through Dense 7×7×128, batch normalization and Conv2DTranspose 64 and 1 (tanh, images in [−1, 1]); the discriminator uses strided Conv2D 64 and 128 with leaky ReLU (0.2) and dropout (0.4).',
      teaches:
        'Convolutions, batch normalization and leaky ReLUs let GANs make far sharper images, within the DCGAN guidelines.',
    },
    g,
    {
      recipe: 'gan',
      optimizer: { kind: 'rmsprop' },
      learningRate: 1e-3,
      epochs: 50,
      batchSize: 32,
      settings: { codingsSize: 100 },
    },
  )
}
// DDPM denoiser: the chapter's U-Net-like model.
{
  const g = new Graph().group('denoiser', 'Denoiser', 'denoiser')
  const d = 'denoiser'
  g.node(d, 'x_noisy', 'input', { shape: [28, 28, 1] })
  g.node(d, 'time', 'input', { shape: [], dtype: 'int32' }, 1)
  g.chain(d, 'time', ['time_enc', 'timeEncoding', { steps: 4000, dims: 64 }])
  let z = g.chain(
    d,
    'x_noisy',
    ['pad', 'zeroPadding2d', { top: 3, bottom: 3, left: 3, right: 3 }],
    ['conv_in', 'conv2d', { filters: 16, kernelSize: 3, padding: 'valid', activation: 'linear' }],
    ['bn_in', 'batchNormalization'],
    ['relu_in', 'activation', { fn: 'relu' }],
  )
  let n = 0
  const addTime = (input: string, dim: number): string => {
    n++
    g.chain(
      d,
      'time_enc',
      [`time_dense_${n}`, 'dense', linear(dim)],
      [`time_map_${n}`, 'reshape', { targetShape: [1, 1, dim] }],
    )
    g.node(d, `add_time_${n}`, 'add')
    g.edge(input, `add_time_${n}`, 'in0')
    g.edge(`time_map_${n}`, `add_time_${n}`, 'in1')
    return `add_time_${n}`
  }
  const add2 = (id: string, a: string, b: string): string => {
    g.node(d, id, 'add')
    g.edge(a, id, 'in0')
    g.edge(b, id, 'in1')
    return id
  }
  z = addTime(z, 16)
  let skip = z
  const cross: string[] = []
  for (const dim of [32, 64, 128]) {
    const sep = (k: number): [string, string, Params?][] => [
      [`down${dim}_relu_${k}`, 'activation', { fn: 'relu' }],
      [
        `down${dim}_sep_${k}`,
        'separableConv2d',
        { filters: dim, kernelSize: 3, padding: 'same', activation: 'linear' },
      ],
      [`down${dim}_bn_${k}`, 'batchNormalization'],
    ]
    z = g.chain(d, z, ...sep(1), ...sep(2))
    cross.push(z)
    z = g.chain(d, z, [
      `down${dim}_pool`,
      'maxPool2d',
      { poolSize: 3, strides: 2, padding: 'same' },
    ])
    const link = g.chain(d, skip, [
      `down${dim}_skip`,
      'conv2d',
      { filters: dim, kernelSize: 1, strides: 2, padding: 'same', activation: 'linear' },
    ])
    z = addTime(add2(`down${dim}_add`, z, link), dim)
    skip = z
  }
  for (const dim of [64, 32, 16]) {
    const deconv = (k: number): [string, string, Params?][] => [
      [`up${dim}_relu_${k}`, 'activation', { fn: 'relu' }],
      [
        `up${dim}_deconv_${k}`,
        'conv2dTranspose',
        { filters: dim, kernelSize: 3, strides: 1, padding: 'same', activation: 'linear' },
      ],
      [`up${dim}_bn_${k}`, 'batchNormalization'],
    ]
    z = g.chain(d, z, ...deconv(1), ...deconv(2), [
      `up${dim}_upsample`,
      'upSampling2d',
      { size: 2 },
    ])
    const link = g.chain(
      d,
      skip,
      [`up${dim}_skip_upsample`, 'upSampling2d', { size: 2 }],
      [
        `up${dim}_skip`,
        'conv2d',
        { filters: dim, kernelSize: 1, padding: 'same', activation: 'linear' },
      ],
    )
    z = addTime(add2(`up${dim}_add`, z, link), dim)
    g.node(d, `up${dim}_concat`, 'concatenate')
    g.edge(z, `up${dim}_concat`, 'in0')
    g.edge(cross.pop() ?? '', `up${dim}_concat`, 'in1')
    z = `up${dim}_concat`
    skip = z
  }
  g.chain(
    d,
    z,
    ['conv_out', 'conv2d', { filters: 1, kernelSize: 3, padding: 'same', activation: 'linear' }],
    ['noise', 'cropping2d', { top: 2, bottom: 2, left: 2, right: 2 }],
  )
  save(
    'diffusion',
    {
      title: 'Diffusion model (DDPM)',
      description:
        'The chapter’s denoising diffusion model: a U-Net-like denoiser (separable convolutions, batch normalization, skip and cross connections, the time step’s sinusoidal encoding added at every level) on images padded to 32×32, trained to predict the noise added at a random step of a cosine schedule with T = 4000, Huber loss, Nadam, 100 epochs. That takes many hours on a CPU: `train --quick` runs a preset that finishes in minutes.',
      teaches:
        'Diffusion models learn to undo noise one small step at a time; running the steps backwards from pure noise makes new images.',
      quick: {
        epochs: 2,
        limit: 1000,
        settings: { samplingSteps: 50 },
        note: 'quick preset: 2 epochs on 1,000 images, 50 sampling steps',
      },
    },
    g,
    {
      recipe: 'diffusion',
      optimizer: { kind: 'nadam' },
      learningRate: 1e-3,
      epochs: 100,
      batchSize: 32,
      settings: { steps: 4000, s: 0.008, maxBeta: 0.999, loss: 'huber', samplingSteps: 4000 },
    },
  )
}

// Unsupervised pretraining: an autoencoder learns from all images, a small classifier from a few labels.
{
  const g = new Graph().group('encoder', 'Encoder', 'encoder')
  g.chain(
    'encoder',
    null,
    ['images', 'input', { shape: [28, 28] }],
    ['flatten', 'flatten'],
    ['enc_dense_100', 'dense', relu(100)],
    ['codings', 'dense', relu(30)],
  )
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

/** Templates too branched for a column per group get the editor's auto-layout (dagre). */
const AUTO_LAYOUT = new Set(['diffusion'])

function laidOut(id: string, raw: unknown): unknown {
  if (!AUTO_LAYOUT.has(id)) return raw
  const parsed = parseDocument(raw)
  if (!parsed.ok) throw new Error(`template ${id}: ${JSON.stringify(parsed.error)}`)
  const at = layoutPositions(parsed.value)
  const doc = raw as { nodes: N[] }
  return { ...doc, nodes: doc.nodes.map((n) => ({ ...n, position: at.get(n.id) ?? n.position })) }
}

for (const [id, doc] of Object.entries(docs))
  writeFileSync(join(TEMPLATES_DIR, `${id}.json`), `${JSON.stringify(laidOut(id, doc), null, 2)}\n`)
console.log(`wrote ${Object.keys(docs).length} templates to ${TEMPLATES_DIR}`)
