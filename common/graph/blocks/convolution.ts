import { z } from 'zod'
import { defineBlock, positions, trainable, type BlockDef, type BuildContext } from '../block'
import { LIMITS } from '../limits'
import {
  activationSchema,
  initializerSchema,
  kernelSizeSchema,
  paddingSchema,
  posInt,
  stridesSchema,
} from '../params'
import { ok } from '../result'
import { lastDim } from '../shape'
import type { TfLayer } from '../tfTypes'
import { imageInput, spatial } from './helpers'
import { py } from '../../python'
import { kerasInitializer, kerasLayer } from './keras'

const convParams = (defaultStrides: number) =>
  z.object({
    filters: posInt(32, LIMITS.filters),
    kernelSize: kernelSizeSchema(3),
    strides: stridesSchema(defaultStrides),
    padding: paddingSchema,
    activation: activationSchema.default('relu'),
    useBias: z.boolean().default(true),
    kernelInitializer: initializerSchema,
  })
export type ConvParams = z.output<ReturnType<typeof convParams>>

interface ConvSpec {
  readonly kind: string
  readonly label: string
  readonly description: string
  readonly defaultStrides: number
  /** Output length along one axis. */
  readonly length: (
    size: number,
    kernel: number,
    stride: number,
    padding: 'same' | 'valid',
  ) => number
  /** Symbol shown after the kernel size for strides > 1: `/2` downsamples, `×2` upsamples. */
  readonly strideMark: string
  readonly make: (ctx: BuildContext, p: ConvParams) => TfLayer
  /** The Keras class it is in the exported script. */
  readonly kerasClass: string
}

/** Shared definition of Conv2D and Conv2DTranspose: same params and weights, different output lengths. */
export function convBlock(spec: ConvSpec): BlockDef<ConvParams> {
  return defineBlock({
    kind: spec.kind,
    label: spec.label,
    category: 'convolution',
    description: spec.description,
    params: convParams(spec.defaultStrides),
    inferShape: ([x], p) => {
      const img = imageInput(spec.label, x)
      if (!img.ok) return img
      const { h, w } = img.value
      const len = (size: number) => spec.length(size, p.kernelSize, p.strides, p.padding)
      const hw = spatial(spec.label, len(h), len(w), x?.shape ?? [])
      return hw.ok ? ok([null, ...hw.value, p.filters]) : hw
    },
    countParams: ([x], p) =>
      trainable(
        p.kernelSize ** 2 * (lastDim(x ?? []) ?? 0) * p.filters + (p.useBias ? p.filters : 0),
      ),
    // A transposed convolution applies its kernel once per input position, not per output one.
    flops: ([x], _p, out, params) =>
      2 * params.trainable * positions(spec.strideMark === '×' && x ? x : out),
    build: spec.make,
    keras: (p, c) =>
      kerasLayer(spec.kerasClass, c.name, [py(p.filters), py(p.kernelSize)], {
        strides: p.strides,
        padding: p.padding,
        activation: p.activation,
        use_bias: p.useBias,
        kernel_initializer: kerasInitializer(p.kernelInitializer),
      }),
    describe: (p) =>
      `${p.filters} × ${p.kernelSize}×${p.kernelSize}${p.strides > 1 ? ` ${spec.strideMark}${p.strides}` : ''}, ${p.activation}`,
  })
}

/** The tfjs arguments both convolution layers take. */
export const convArgs = (ctx: BuildContext, p: ConvParams) => ({
  filters: p.filters,
  kernelSize: p.kernelSize,
  strides: p.strides,
  padding: p.padding,
  activation: p.activation,
  useBias: p.useBias,
  kernelInitializer: p.kernelInitializer,
  name: ctx.name,
})
