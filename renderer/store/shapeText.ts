import { useCallback } from 'react'
import { fmtKerasShape, fmtShape, type Shape } from '../../common/graph/shape'
import { usePrefs, type ShapeStyle } from './prefsStore'

/** The formatter of each shape style. */
export const SHAPE_FORMATS: Record<ShapeStyle, (shape: Shape) => string> = {
  keras: fmtKerasShape,
  list: fmtShape,
}

/** The shape formatter the user chose (Keras's `(None, 28, 28)` unless set otherwise). */
export function useShapeText(): (shape: Shape) => string {
  const style = usePrefs((s) => s.shapeStyle)
  return useCallback((shape: Shape) => SHAPE_FORMATS[style](shape), [style])
}
