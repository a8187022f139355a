import { py } from '../../../common/python'
import type { GraphNode } from '../../../common/graph/schema'
import type { Shape } from '../../../common/graph/shape'

const INITIALIZERS: Readonly<Record<string, string>> = {
  glorotUniform: 'glorot_uniform',
  glorotNormal: 'glorot_normal',
  heNormal: 'he_normal',
  heUniform: 'he_uniform',
  leCunNormal: 'lecun_normal',
  leCunUniform: 'lecun_uniform',
}

type P = Readonly<Record<string, unknown>>
const kw = (pairs: Readonly<Record<string, unknown>>) =>
  Object.entries(pairs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${py(v)}`)
    .join(', ')
const L = (cls: string, args: string) => `tf.keras.layers.${cls}(${args})`
const conv = (p: P) => ({
  strides: p['strides'],
  padding: p['padding'],
  activation: p['activation'],
  use_bias: p['useBias'],
})
const init = (p: P) => INITIALIZERS[String(p['kernelInitializer'])] ?? 'glorot_uniform'
const pool = (p: P) => ({
  pool_size: p['poolSize'],
  strides: p['strides'] === 0 ? null : p['strides'],
  padding: p['padding'],
})
const sides = (p: P) =>
  `((${py(p['top'])}, ${py(p['bottom'])}), (${py(p['left'])}, ${py(p['right'])}))`

/**
 * The Keras layer a block builds, as a Python expression (named after the node). `shape` is the
 * node's inferred output shape; `layerOf` names the variable of another node's layer (tied layers).
 */
export function kerasLayer(node: GraphNode, shape: Shape, layerOf: (id: string) => string): string {
  const p = node.params
  const name = `name=${py(node.id)}`
  switch (node.kind) {
    case 'dense':
      return L(
        'Dense',
        `${py(p['units'])}, ${kw({ activation: p['activation'], use_bias: p['useBias'], kernel_initializer: init(p) })}, ${name}`,
      )
    case 'conv2d':
      return L(
        'Conv2D',
        `${py(p['filters'])}, ${py(p['kernelSize'])}, ${kw({ ...conv(p), kernel_initializer: init(p) })}, ${name}`,
      )
    case 'conv2dTranspose':
      return L(
        'Conv2DTranspose',
        `${py(p['filters'])}, ${py(p['kernelSize'])}, ${kw({ ...conv(p), kernel_initializer: init(p) })}, ${name}`,
      )
    case 'separableConv2d':
      return L(
        'SeparableConv2D',
        `${py(p['filters'])}, ${py(p['kernelSize'])}, ${kw({ ...conv(p), depth_multiplier: p['depthMultiplier'] })}, ${name}`,
      )
    case 'maxPool2d':
      return L('MaxPool2D', `${kw(pool(p))}, ${name}`)
    case 'avgPool2d':
      return L('AvgPool2D', `${kw(pool(p))}, ${name}`)
    case 'upSampling2d':
      return L(
        'UpSampling2D',
        `${kw({ size: p['size'], interpolation: p['interpolation'] })}, ${name}`,
      )
    case 'globalAvgPool2d':
      return L('GlobalAvgPool2D', name)
    case 'flatten':
      return L('Flatten', name)
    case 'reshape':
      return L('Reshape', `${py(p['targetShape'])}, ${name}`)
    case 'dropout':
      return L('Dropout', `${py(p['rate'])}, ${name}`)
    case 'gaussianNoise':
      return L('GaussianNoise', `${py(p['stddev'])}, ${name}`)
    case 'batchNormalization':
      return L(
        'BatchNormalization',
        `${kw({ momentum: p['momentum'], epsilon: p['epsilon'] })}, ${name}`,
      )
    case 'layerNormalization':
      return L('LayerNormalization', `${kw({ epsilon: p['epsilon'] })}, ${name}`)
    case 'activation':
      // The first positional argument is the slope in Keras 2 (alpha) and Keras 3 (negative_slope).
      return p['fn'] === 'leakyRelu'
        ? L('LeakyReLU', `${py(p['alpha'])}, ${name}`)
        : L('Activation', `${py(p['fn'])}, ${name}`)
    case 'concatenate':
      return L('Concatenate', `axis=${py(p['axis'])}, ${name}`)
    case 'add':
      return L('Add', name)
    case 'multiply':
      return L('Multiply', name)
    case 'zeroPadding2d':
      return L('ZeroPadding2D', `${sides(p)}, ${name}`)
    case 'cropping2d':
      return L('Cropping2D', `${sides(p)}, ${name}`)
    case 'activityRegularization':
      return L('ActivityRegularization', `${kw({ l1: p['l1'], l2: p['l2'] })}, ${name}`)
    case 'sampling':
      return `Sampling(${name})`
    case 'denseTranspose':
      return `DenseTranspose(${layerOf(String(p['tiedTo']))}, ${py(shape.at(-1))}, ${kw({ activation: p['activation'] })}, ${name})`
    case 'klSparsity':
      return `KlSparsity(${kw({ weight: p['weight'], target: p['target'] })}, ${name})`
    case 'timeEncoding':
      return `TimeEncoding(${kw({ steps: p['steps'], dims: p['dims'] })}, ${name})`
    case 'minibatchStdDev':
      return `MinibatchStdDev(${name})`
    default:
      throw new Error(`no Keras form for block kind ${node.kind}`)
  }
}
