import type { BlockKind } from '../../../../common/graph/blocks'
import { identity, type OnnxConverter, type ParamsOf } from '../convert'
import {
  conv2d,
  conv2dTranspose,
  cropping2d,
  globalAvgPool2d,
  pool,
  separableConv2d,
  upSampling2d,
  zeroPadding2d,
} from './convolution'
import { activationBlock, dense, denseTranspose, flatten, reshape } from './core'
import { minibatchStdDev, sampling, timeEncoding } from './custom'
import { concatenate, elementwise } from './merge'
import { batchNormalization, layerNormalization } from './normalization'
import { gru, lstm, repeatVector } from './recurrent'

/** Block kinds that build a layer (an Input block is the model's input, not a layer). */
export type LayerKind = Exclude<BlockKind, 'input'>

/**
 * How each block kind's layer becomes ONNX nodes, with the block's own params: a new block kind
 * does not compile until it has an entry here. Training-only layers are the identity.
 */
export const ONNX_BLOCKS: { readonly [K in LayerKind]: OnnxConverter<ParamsOf<K>> } = {
  dense,
  denseTranspose,
  conv2d,
  conv2dTranspose,
  separableConv2d,
  maxPool2d: pool('MaxPool'),
  avgPool2d: pool('AveragePool'),
  globalAvgPool2d,
  upSampling2d,
  zeroPadding2d,
  cropping2d,
  flatten,
  reshape,
  batchNormalization,
  layerNormalization,
  activation: activationBlock,
  add: elementwise('Add'),
  multiply: elementwise('Mul'),
  concatenate,
  lstm,
  gru,
  repeatVector,
  dropout: identity,
  gaussianNoise: identity,
  activityRegularization: identity,
  klSparsity: identity,
  sampling,
  timeEncoding,
  minibatchStdDev,
}
