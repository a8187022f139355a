import type { BlockKind } from '../../common/graph/blocks'
import type { Shape } from '../../common/graph/shape'

/** A block's params and input shapes for one conformance case. */
export interface BlockCase {
  readonly params: Record<string, unknown>
  readonly inputs: readonly Shape[]
  readonly dtype?: 'int32'
}

/** Input shapes and params per block kind; every registered kind must have cases here. */
export const BLOCK_CASES: Record<BlockKind, readonly BlockCase[]> = {
  input: [],
  dense: [
    { params: { units: 7 }, inputs: [[null, 13]] },
    { params: { units: 3, useBias: false, activation: 'selu' }, inputs: [[null, 5, 4]] },
  ],
  conv2d: [
    { params: { filters: 4, kernelSize: 3 }, inputs: [[null, 9, 9, 2]] },
    {
      params: { filters: 2, kernelSize: 5, strides: 2, padding: 'valid' },
      inputs: [[null, 11, 8, 3]],
    },
    {
      params: { filters: 3, kernelSize: 3, strides: 3, padding: 'same' },
      inputs: [[null, 10, 10, 1]],
    },
  ],
  conv2dTranspose: [
    { params: { filters: 4, kernelSize: 3, strides: 2 }, inputs: [[null, 7, 7, 2]] },
    {
      params: { filters: 2, kernelSize: 5, strides: 2, padding: 'valid' },
      inputs: [[null, 4, 6, 3]],
    },
    {
      params: { filters: 1, kernelSize: 2, strides: 3, padding: 'valid' },
      inputs: [[null, 3, 3, 1]],
    },
  ],
  separableConv2d: [
    { params: { filters: 5, kernelSize: 3 }, inputs: [[null, 8, 8, 3]] },
    {
      params: { filters: 4, kernelSize: 3, strides: 2, padding: 'valid', depthMultiplier: 2 },
      inputs: [[null, 9, 9, 2]],
    },
  ],
  maxPool2d: [
    { params: { poolSize: 2 }, inputs: [[null, 8, 9, 3]] },
    { params: { poolSize: 3, strides: 2, padding: 'same' }, inputs: [[null, 7, 7, 2]] },
  ],
  avgPool2d: [
    { params: { poolSize: 2 }, inputs: [[null, 8, 8, 1]] },
    { params: { poolSize: 3, strides: 1, padding: 'valid' }, inputs: [[null, 6, 5, 2]] },
  ],
  upSampling2d: [
    { params: { size: 2 }, inputs: [[null, 4, 5, 3]] },
    { params: { size: 3, interpolation: 'bilinear' }, inputs: [[null, 2, 2, 1]] },
  ],
  lstm: [
    { params: { units: 6 }, inputs: [[null, 5, 4]] },
    { params: { units: 3, returnSequences: true, activation: 'relu' }, inputs: [[null, 7, 2]] },
  ],
  gru: [
    { params: { units: 5 }, inputs: [[null, 4, 3]] },
    { params: { units: 4, returnSequences: true }, inputs: [[null, 6, 5]] },
  ],
  repeatVector: [{ params: { n: 4 }, inputs: [[null, 3]] }],
  globalAvgPool2d: [{ params: {}, inputs: [[null, 6, 6, 4]] }],
  flatten: [
    { params: {}, inputs: [[null, 7, 7, 4]] },
    { params: {}, inputs: [[null, 28, 28]] },
  ],
  reshape: [
    { params: { targetShape: [28, 28] }, inputs: [[null, 784]] },
    { params: { targetShape: [7, 7, -1] }, inputs: [[null, 98]] },
  ],
  dropout: [{ params: { rate: 0.3 }, inputs: [[null, 10]] }],
  gaussianNoise: [{ params: { stddev: 0.1 }, inputs: [[null, 4, 4, 2]] }],
  batchNormalization: [
    { params: {}, inputs: [[null, 12]] },
    { params: { momentum: 0.9 }, inputs: [[null, 5, 5, 6]] },
  ],
  layerNormalization: [{ params: {}, inputs: [[null, 9]] }],
  activation: [
    { params: { fn: 'tanh' }, inputs: [[null, 6]] },
    { params: { fn: 'leakyRelu', alpha: 0.2 }, inputs: [[null, 3, 3, 2]] },
  ],
  concatenate: [
    {
      params: { inputs: 2 },
      inputs: [
        [null, 4, 4, 3],
        [null, 4, 4, 5],
      ],
    },
    {
      params: { inputs: 3, axis: 1 },
      inputs: [
        [null, 2, 6],
        [null, 3, 6],
        [null, 1, 6],
      ],
    },
  ],
  add: [
    {
      params: { inputs: 2 },
      inputs: [
        [null, 5, 5, 4],
        [null, 5, 5, 4],
      ],
    },
    {
      params: { inputs: 2 },
      inputs: [
        [null, 5, 5, 4],
        [null, 1, 1, 4],
      ],
    },
  ],
  multiply: [
    {
      params: { inputs: 3 },
      inputs: [
        [null, 8],
        [null, 8],
        [null, 8],
      ],
    },
  ],
  zeroPadding2d: [
    { params: {}, inputs: [[null, 28, 28, 1]] },
    { params: { top: 1, bottom: 0, left: 2, right: 3 }, inputs: [[null, 5, 5, 2]] },
  ],
  cropping2d: [
    { params: {}, inputs: [[null, 32, 32, 1]] },
    { params: { top: 1, bottom: 0, left: 2, right: 3 }, inputs: [[null, 10, 10, 2]] },
  ],
  sampling: [
    {
      params: {},
      inputs: [
        [null, 10],
        [null, 10],
      ],
    },
  ],
  denseTranspose: [{ params: { tiedTo: 'tied', activation: 'sigmoid' }, inputs: [[null, 8]] }],
  activityRegularization: [{ params: { l1: 1e-3 }, inputs: [[null, 30]] }],
  klSparsity: [{ params: { weight: 0.05, target: 0.1 }, inputs: [[null, 30]] }],
  timeEncoding: [
    { params: { steps: 50, dims: 16 }, inputs: [[null]], dtype: 'int32' },
    { params: { steps: 50, dims: 8 }, inputs: [[null, 1]], dtype: 'int32' },
  ],
  minibatchStdDev: [
    { params: {}, inputs: [[null, 4, 4, 3]] },
    { params: {}, inputs: [[null, 12]] },
  ],
}
