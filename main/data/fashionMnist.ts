import { mkdir, rename, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { err, ok, type Result } from '../../common/graph/result'
import { FASHION_MNIST_CLASSES, type Dataset } from './dataset'
import { loadMnistSplit, MNIST_FILES } from './mnistFormat'

/** Where Zalando publishes Fashion-MNIST (the address in the dataset's README). */
export const FASHION_MNIST_MIRROR = 'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/'

/** Where Latent Studio downloads datasets to. */
export const downloadDir = (): string =>
  join(homedir(), '.latent-studio', 'datasets', 'fashion-mnist')

/** Folders searched for the full Fashion-MNIST, in order: Debian's package, Keras's cache, our downloads. */
export const fashionMnistCandidates = (): string[] => [
  '/usr/share/datasets/fashion-mnist',
  join(homedir(), '.keras', 'datasets', 'fashion-mnist'),
  downloadDir(),
]

const hasTrainImages = (dir: string) =>
  MNIST_FILES.train.every((f) => existsSync(join(dir, `${f}.gz`)) || existsSync(join(dir, f)))

/** The first candidate folder that holds the training files, if any. */
export function findFashionMnist(candidates = fashionMnistCandidates()): string | undefined {
  return candidates.find(hasTrainImages)
}

/** Loads both splits of an MNIST-format folder as Fashion-MNIST. */
export async function loadFashionMnist(
  dir: string,
  name = 'fashion-mnist',
): Promise<Result<Dataset>> {
  const train = await loadMnistSplit(dir, 'train', FASHION_MNIST_CLASSES)
  if (!train.ok) return train
  const test = await loadMnistSplit(dir, 'test', FASHION_MNIST_CLASSES)
  if (!test.ok) return test
  return ok({ name, train: train.value, test: test.value })
}

export interface DownloadOptions {
  readonly mirror?: string
  readonly fetch?: typeof globalThis.fetch
  readonly onFile?: (name: string, bytes: number) => void
}

/**
 * Downloads the four Fashion-MNIST files into `dest` (each written to a temporary name, then
 * renamed) and checks that they load. Machines without internet get an error value naming the URL.
 */
export async function downloadFashionMnist(
  dest = downloadDir(),
  opts: DownloadOptions = {},
): Promise<Result<string>> {
  const mirror = opts.mirror ?? FASHION_MNIST_MIRROR
  const get = opts.fetch ?? globalThis.fetch
  await mkdir(dest, { recursive: true })
  for (const base of [...MNIST_FILES.train, ...MNIST_FILES.test]) {
    const url = new URL(`${base}.gz`, mirror).toString()
    let bytes: Uint8Array
    try {
      const res = await get(url)
      if (!res.ok) return err(`downloading ${url} failed: HTTP ${res.status}`)
      bytes = new Uint8Array(await res.arrayBuffer())
    } catch (e) {
      return err(
        `cannot download ${url}: ${e instanceof Error ? e.message : String(e)} (no internet access? pick a folder that holds the files instead)`,
      )
    }
    const file = join(dest, `${base}.gz`)
    await writeFile(`${file}.part`, bytes)
    await rename(`${file}.part`, file)
    opts.onFile?.(base, bytes.length)
  }
  const check = await loadFashionMnist(dest)
  return check.ok ? ok(dest) : err(`downloaded files do not load: ${check.error}`)
}
