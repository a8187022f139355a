import type { BlockDef } from '../block'
import { activation } from './activation'
import { activityRegularization } from './activityRegularization'
import { add } from './add'
import { avgPool2d } from './avgPool2d'
import { batchNormalization } from './batchNormalization'
import { concatenate } from './concatenate'
import { conv2d } from './conv2d'
import { conv2dTranspose } from './conv2dTranspose'
import { cropping2d } from './cropping2d'
import { dense } from './dense'
import { denseTranspose } from './denseTranspose'
import { dropout } from './dropout'
import { flatten } from './flatten'
import { gaussianNoise } from './gaussianNoise'
import { globalAvgPool2d } from './globalAvgPool2d'
import { input } from './input'
import { klSparsity } from './klSparsity'
import { layerNormalization } from './layerNormalization'
import { maxPool2d } from './maxPool2d'
import { minibatchStdDev } from './minibatchStdDev'
import { multiply } from './multiply'
import { reshape } from './reshape'
import { gru, lstm, repeatVector } from './recurrent'
import { sampling } from './sampling'
import { separableConv2d } from './separableConv2d'
import { timeEncoding } from './timeEncoding'
import { upSampling2d } from './upSampling2d'
import { zeroPadding2d } from './zeroPadding2d'

/** Every block kind, keyed by `kind`. Registering here is all a new block needs. */
export const BLOCKS = {
  input,
  dense,
  conv2d,
  conv2dTranspose,
  separableConv2d,
  maxPool2d,
  avgPool2d,
  upSampling2d,
  globalAvgPool2d,
  flatten,
  reshape,
  dropout,
  gaussianNoise,
  batchNormalization,
  layerNormalization,
  activation,
  concatenate,
  add,
  multiply,
  lstm,
  gru,
  repeatVector,
  zeroPadding2d,
  cropping2d,
  sampling,
  denseTranspose,
  activityRegularization,
  klSparsity,
  timeEncoding,
  minibatchStdDev,
} as const satisfies Record<string, BlockDef<unknown>>

export type BlockKind = keyof typeof BLOCKS

/** A block definition with its params erased, as registries and the compiler hold it. */
export type AnyBlock = BlockDef<unknown>

/** Looks a block kind up; undefined for unknown kinds (a value, so callers report it). */
export function getBlock(kind: string): AnyBlock | undefined {
  return Object.hasOwn(BLOCKS, kind) ? (BLOCKS as Record<string, AnyBlock>)[kind] : undefined
}
