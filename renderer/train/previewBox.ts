/** The dock's height as a share of its column at most (as its CSS max-height says). */
export const DOCK_SHARE = 0.7
/** What the dock's bar, a preview's caption and its scrubber take of the dock's height. */
const PREVIEW_CHROME = 150

/**
 * The box a preview grid may fill in a dock `height` pixels high (the user's setting, at most its
 * share of the column) and `width` wide: grids grow as the dock is dragged taller.
 */
export function previewBox(
  height: number,
  column: { width: number; height: number },
): { width: number; height: number } {
  const dock = column.height > 0 ? Math.min(height, DOCK_SHARE * column.height) : height
  return {
    height: Math.max(96, dock - PREVIEW_CHROME),
    width: Math.max(200, column.width - 40),
  }
}
