import { err, ok, type Result } from '../../common/graph/result'
import type { DatasetRef } from '../../common/graph/schema'
import type { Dataset } from './dataset'
import { loadEmbedded } from './embedded'
import { fashionMnistCandidates, findFashionMnist, loadFashionMnist } from './fashionMnist'
import { loadImageFolder } from './imageFolder'
import { loadPoints } from './points'
import { confineToRoots } from './roots'

export interface ResolveOptions {
  /** The image shape the graph's first input expects (height, width, channels), for folder datasets. */
  readonly imageShape: readonly [number, number, number]
  /** Overrides the document's dataset with an MNIST-format or image folder (the CLI's --data). */
  readonly dataDir?: string
  /**
   * When set (an engine serving a renderer), a folder the document names must lie inside one of
   * these; the embedded subset and the Fashion-MNIST the engine finds itself need none.
   */
  readonly roots?: readonly string[]
}

/** The document's own path, confined to the allowed roots when there are any. */
function allowed(path: string, opts: ResolveOptions): Result<string> {
  return opts.roots ? confineToRoots(path, opts.roots) : ok(path)
}

/** Loads the dataset a document names: the embedded subset, the full Fashion-MNIST, or a folder of images. */
export async function resolveDataset(
  ref: DatasetRef,
  opts: ResolveOptions,
): Promise<Result<Dataset>> {
  if (opts.dataDir) {
    if (findFashionMnist([opts.dataDir])) return loadFashionMnist(opts.dataDir)
    return loadFolder(opts.dataDir, 'subfolders', opts)
  }
  switch (ref.kind) {
    case 'embedded':
      return loadEmbedded()
    case 'points':
      return ok(loadPoints(ref.name))
    case 'fashion-mnist': {
      const chosen = ref.path === undefined ? null : allowed(ref.path, opts)
      if (chosen && !chosen.ok) return chosen
      const dir = chosen ? chosen.value : findFashionMnist()
      if (!dir)
        return err(
          `the full Fashion-MNIST was not found (looked in ${fashionMnistCandidates().join(', ')}); download it with \`latent-studio download fashion-mnist\` or pick its folder`,
        )
      return loadFashionMnist(dir)
    }
    case 'folder': {
      const dir = allowed(ref.path, opts)
      return dir.ok ? loadFolder(dir.value, ref.labels, opts) : dir
    }
  }
}

function loadFolder(
  dir: string,
  labels: 'subfolders' | 'none',
  opts: ResolveOptions,
): Promise<Result<Dataset>> {
  const [height, width, channels] = opts.imageShape
  if (channels !== 1 && channels !== 3)
    return Promise.resolve(
      err(`image folders load as 1 or 3 channels; the model's input has ${channels}`),
    )
  return loadImageFolder(dir, { height, width, channels, labels })
}
