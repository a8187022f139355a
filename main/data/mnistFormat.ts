import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { err, ok, type Result } from '../../common/graph/result'
import type { ImageSet } from './dataset'
import { parseIdx } from './idx'

/** File names of an MNIST-format split, with or without `.gz`. */
export const MNIST_FILES = {
  train: ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte'],
  test: ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'],
} as const

async function readEither(
  dir: string,
  base: string,
): Promise<Result<{ bytes: Uint8Array; name: string }>> {
  for (const name of [`${base}.gz`, base]) {
    try {
      return ok({ bytes: await readFile(join(dir, name)), name })
    } catch (e) {
      if ((e as { code?: unknown }).code !== 'ENOENT')
        return err(`cannot read ${join(dir, name)}: ${e instanceof Error ? e.message : String(e)}`)
    }
  }
  return err(`${dir} has no ${base}(.gz)`)
}

/** Loads one split (train or test) of an MNIST-format folder, checking that images and labels agree. */
export async function loadMnistSplit(
  dir: string,
  split: keyof typeof MNIST_FILES,
  classNames: readonly string[],
): Promise<Result<ImageSet>> {
  const [imagesFile, labelsFile] = MNIST_FILES[split]
  const imgRead = await readEither(dir, imagesFile)
  if (!imgRead.ok) return imgRead
  const lblRead = await readEither(dir, labelsFile)
  if (!lblRead.ok) return lblRead
  const images = parseIdx(imgRead.value.bytes, imgRead.value.name)
  if (!images.ok) return images
  const labels = parseIdx(lblRead.value.bytes, lblRead.value.name)
  if (!labels.ok) return labels
  const [count, height, width] = images.value.dims
  if (
    images.value.dims.length !== 3 ||
    count === undefined ||
    height === undefined ||
    width === undefined
  ) {
    return err(
      `${imgRead.value.name} should hold [count, height, width] images, not dims [${images.value.dims.join(',')}]`,
    )
  }
  if (labels.value.dims.length !== 1 || labels.value.dims[0] !== count) {
    return err(
      `${imgRead.value.name} has ${count} images but ${lblRead.value.name} has ${labels.value.dims.join('×')} labels`,
    )
  }
  const bad = labels.value.data.findIndex((l) => l >= classNames.length)
  if (bad >= 0)
    return err(
      `${lblRead.value.name}: label ${labels.value.data[bad]} at index ${bad} is not one of the ${classNames.length} classes`,
    )
  return ok({
    count,
    height,
    width,
    channels: 1,
    pixels: images.value.data,
    labels: Int32Array.from(labels.value.data),
    classNames,
  })
}
