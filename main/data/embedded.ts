import { fileURLToPath } from 'node:url'
import type { Result } from '../../common/graph/result'
import type { Dataset } from './dataset'
import { loadFashionMnist } from './fashionMnist'

/** The Fashion-MNIST subset committed with the app (2,000 train and 500 test images). */
export const EMBEDDED_DIR = fileURLToPath(
  new URL('../../data/fashion-mnist-small/', import.meta.url),
)

/** Loads the embedded subset: training works out of the box, with no download. */
export function loadEmbedded(dir = EMBEDDED_DIR): Promise<Result<Dataset>> {
  return loadFashionMnist(dir, 'fashion-mnist-small')
}
