import { z } from 'zod'
import { LIMITS } from '../limits'
import { nonNegInt } from '../params'

/** Top, bottom, left and right amounts shared by ZeroPadding2D and Cropping2D. */
export const sidesSchema = (def: number) =>
  z.object({
    top: nonNegInt(def, LIMITS.padding),
    bottom: nonNegInt(def, LIMITS.padding),
    left: nonNegInt(def, LIMITS.padding),
    right: nonNegInt(def, LIMITS.padding),
  })
export type Sides = z.output<ReturnType<typeof sidesSchema>>

/** Keras's `((top, bottom), (left, right))` form. */
export const sidePairs = (p: Sides): [[number, number], [number, number]] => [
  [p.top, p.bottom],
  [p.left, p.right],
]

export const describeSides = (p: Sides): string =>
  p.top === p.bottom && p.left === p.right && p.top === p.left
    ? `${p.top} each side`
    : `${p.top},${p.bottom},${p.left},${p.right}`

/** Keras's `((top, bottom), (left, right))` as Python text. */
export const pySides = (p: Sides): string => `((${p.top}, ${p.bottom}), (${p.left}, ${p.right}))`
