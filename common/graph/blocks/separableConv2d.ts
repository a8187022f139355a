import { z } from 'zod'
import { defineBlock, trainable } from '../block'
import { LIMITS } from '../limits'
import { activationSchema, kernelSizeSchema, paddingSchema, posInt, stridesSchema } from '../params'
import { ok } from '../result'
import { lastDim } from '../shape'
import { convLength, imageInput, spatial } from './helpers'
import { py } from '../../python'
import { kerasLayer } from './keras'

export const separableConv2d = defineBlock({
  kind: 'separableConv2d',
  label: 'SeparableConv2D',
  category: 'convolution',
  description:
    'Depthwise then pointwise convolution: far fewer weights than Conv2D (the DDPM U-Net).',
  params: z.object({
    filters: posInt(32, LIMITS.filters),
    kernelSize: kernelSizeSchema(3),
    strides: stridesSchema(1),
    padding: paddingSchema,
    depthMultiplier: posInt(1, 16),
    activation: activationSchema.default('relu'),
    useBias: z.boolean().default(true),
  }),
  inferShape: ([x], p) => {
    const img = imageInput('SeparableConv2D', x)
    if (!img.ok) return img
    const { h, w } = img.value
    const hw = spatial(
      'SeparableConv2D',
      convLength(h, p.kernelSize, p.strides, p.padding),
      convLength(w, p.kernelSize, p.strides, p.padding),
      x?.shape ?? [],
    )
    return hw.ok ? ok([null, ...hw.value, p.filters]) : hw
  },
  countParams: ([x], p) => {
    const c = lastDim(x ?? []) ?? 0
    return trainable(
      p.kernelSize ** 2 * c * p.depthMultiplier +
        c * p.depthMultiplier * p.filters +
        (p.useBias ? p.filters : 0),
    )
  },
  keras: (p, c) =>
    kerasLayer('SeparableConv2D', c.name, [py(p.filters), py(p.kernelSize)], {
      strides: p.strides,
      padding: p.padding,
      activation: p.activation,
      use_bias: p.useBias,
      depth_multiplier: p.depthMultiplier,
    }),
  build: (ctx, p) =>
    ctx.tf.layers.separableConv2d({
      filters: p.filters,
      kernelSize: p.kernelSize,
      strides: p.strides,
      padding: p.padding,
      depthMultiplier: p.depthMultiplier,
      activation: p.activation,
      useBias: p.useBias,
      name: ctx.name,
    }),
  describe: (p) => `${p.filters} × ${p.kernelSize}×${p.kernelSize}, ${p.activation}`,
})
