import { readdir, readFile } from 'node:fs/promises'
import { extname, join } from 'node:path'
import { err, ok, type Result } from '../../common/graph/result'
import type { Dataset, ImageSet } from './dataset'
import { decodeImage, resizeInto } from './decodeImage'

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg'])
export const MAX_FOLDER_IMAGES = 200_000

export interface FolderOptions {
  readonly height: number
  readonly width: number
  readonly channels: 1 | 3
  /** One sub-folder per class (labels), or all images in the folder (no labels). */
  readonly labels: 'subfolders' | 'none'
  /** Share held out as the test split. */
  readonly testFraction?: number
}

async function imagesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true })
  return entries
    .filter((e) => e.isFile() && IMAGE_EXTENSIONS.has(extname(e.name).toLowerCase()))
    .map((e) => join(dir, e.name))
    .sort()
}

/** Deterministic shuffle (so runs are comparable), a small LCG. */
function shuffled<T>(items: readonly T[], seed = 42): T[] {
  const out = [...items]
  let s = seed
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31
    const j = s % (i + 1)
    const tmp = out[i] as T
    out[i] = out[j] as T
    out[j] = tmp
  }
  return out
}

/** Loads a folder of PNG/JPEG images, resized to the model's input, as a dataset with a held-out test split. */
export async function loadImageFolder(dir: string, opts: FolderOptions): Promise<Result<Dataset>> {
  let files: { path: string; label: number }[] = []
  let classNames: string[] = []
  try {
    if (opts.labels === 'subfolders') {
      const subdirs = (await readdir(dir, { withFileTypes: true }))
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort()
      for (const [label, name] of subdirs.entries())
        files.push(...(await imagesIn(join(dir, name))).map((path) => ({ path, label })))
      classNames = subdirs
    } else {
      files = (await imagesIn(dir)).map((path) => ({ path, label: -1 }))
    }
  } catch (e) {
    return err(`cannot read the folder ${dir}: ${e instanceof Error ? e.message : String(e)}`)
  }
  if (!files.length)
    return err(
      opts.labels === 'subfolders'
        ? `${dir} has no class sub-folders with PNG or JPEG images`
        : `${dir} has no PNG or JPEG images`,
    )
  if (files.length > MAX_FOLDER_IMAGES)
    return err(`${dir} has ${files.length} images; at most ${MAX_FOLDER_IMAGES} are supported`)
  const per = opts.height * opts.width * opts.channels
  const order = shuffled(files)
  const pixels = new Uint8Array(order.length * per)
  for (const [i, f] of order.entries()) {
    const img = decodeImage(await readFile(f.path), f.path)
    if (!img.ok) return img
    resizeInto(img.value, opts.height, opts.width, opts.channels, pixels, i * per)
  }
  const labels = opts.labels === 'subfolders' ? Int32Array.from(order.map((f) => f.label)) : null
  const nTest = Math.max(1, Math.round(order.length * (opts.testFraction ?? 0.1)))
  const nTrain = order.length - nTest
  if (nTrain < 1) return err(`${dir} has only ${order.length} image(s); a dataset needs at least 2`)
  const part = (from: number, to: number): ImageSet => ({
    count: to - from,
    height: opts.height,
    width: opts.width,
    channels: opts.channels,
    pixels: pixels.subarray(from * per, to * per),
    labels: labels?.subarray(from, to) ?? null,
    classNames,
  })
  return ok({ name: dir, train: part(0, nTrain), test: part(nTrain, order.length) })
}
