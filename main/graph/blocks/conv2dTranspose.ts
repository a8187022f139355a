import { z } from 'zod'
import { defineBlock, trainable } from '../block'
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
import { deconvLength, imageInput, spatial } from './helpers'

export const conv2dTranspose = defineBlock({
  kind: 'conv2dTranspose',
  label: 'Conv2DTranspose',
  category: 'convolution',
  description:
    'Transposed convolution: upsamples an image while learning filters (decoders, generators).',
  params: z.object({
    filters: posInt(32, LIMITS.filters),
    kernelSize: kernelSizeSchema(3),
    strides: stridesSchema(2),
    padding: paddingSchema,
    activation: activationSchema.default('relu'),
    useBias: z.boolean().default(true),
    kernelInitializer: initializerSchema,
  }),
  inferShape: ([x], p) => {
    const img = imageInput('Conv2DTranspose', x)
    if (!img.ok) return img
    const { h, w } = img.value
    const hw = spatial(
      'Conv2DTranspose',
      deconvLength(h, p.kernelSize, p.strides, p.padding),
      deconvLength(w, p.kernelSize, p.strides, p.padding),
      x?.shape ?? [],
    )
    return hw.ok ? ok([null, ...hw.value, p.filters]) : hw
  },
  countParams: ([x], p) =>
    trainable(
      p.kernelSize ** 2 * (lastDim(x ?? []) ?? 0) * p.filters + (p.useBias ? p.filters : 0),
    ),
  build: (ctx, p) =>
    ctx.tf.layers.conv2dTranspose({
      filters: p.filters,
      kernelSize: p.kernelSize,
      strides: p.strides,
      padding: p.padding,
      activation: p.activation,
      useBias: p.useBias,
      kernelInitializer: p.kernelInitializer,
      name: ctx.name,
    }),
  describe: (p) =>
    `${p.filters} × ${p.kernelSize}×${p.kernelSize}${p.strides > 1 ? ` ×${p.strides}` : ''}, ${p.activation}`,
})
