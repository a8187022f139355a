import { z } from 'zod'
import { defineBlock, type BlockDef, type BuildContext } from '../block'
import { LIMITS } from '../limits'
import { posInt } from '../params'
import { ok } from '../result'
import { convLength, imageInput, spatial } from './helpers'
import type { TfLayer } from '../tfTypes'
import { kerasLayer } from './keras'

const params = z.object({
  poolSize: posInt(2, LIMITS.poolSize),
  /** 0 means "same as the pool size", as in Keras. */
  strides: z
    .number()
    .int('expected non-negative integer')
    .min(0, 'expected non-negative integer')
    .max(LIMITS.strides)
    .default(0),
  padding: z.enum(['same', 'valid']).default('valid'),
})
export type PoolParams = z.output<typeof params>

/** Shared definition of MaxPool2D and AvgPool2D, which differ only in the layer they build. */
export function poolingBlock(
  kind: string,
  label: string,
  description: string,
  kerasClass: string,
  make: (
    ctx: BuildContext,
    args: { poolSize: number; strides: number; padding: 'same' | 'valid'; name: string },
  ) => TfLayer,
): BlockDef<PoolParams> {
  return defineBlock({
    kind,
    label,
    category: 'pooling',
    description,
    params,
    inferShape: ([x], p) => {
      const img = imageInput(label, x)
      if (!img.ok) return img
      const s = p.strides || p.poolSize
      const hw = spatial(
        label,
        convLength(img.value.h, p.poolSize, s, p.padding),
        convLength(img.value.w, p.poolSize, s, p.padding),
        x?.shape ?? [],
      )
      return hw.ok ? ok([null, ...hw.value, img.value.c]) : hw
    },
    keras: (p, c) =>
      kerasLayer(kerasClass, c.name, [], {
        pool_size: p.poolSize,
        strides: p.strides === 0 ? null : p.strides,
        padding: p.padding,
      }),
    build: (ctx, p) =>
      make(ctx, {
        poolSize: p.poolSize,
        strides: p.strides || p.poolSize,
        padding: p.padding,
        name: ctx.name,
      }),
    describe: (p) => `${p.poolSize}×${p.poolSize}`,
  })
}
