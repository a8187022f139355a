// Writes data/fashion-mnist-small/ from the full Fashion-MNIST (Debian's dataset-fashion-mnist):
// the first 2,000 training and 500 test images with their labels, gzipped IDX files.
// Usage: npx tsx scripts/makeEmbeddedSubset.ts [SOURCE_DIR]
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { takeFirst } from '../main/data/dataset'
import { EMBEDDED_DIR } from '../main/data/embedded'
import { findFashionMnist, loadFashionMnist } from '../main/data/fashionMnist'
import { encodeIdx } from '../main/data/idx'
import { MNIST_FILES } from '../main/data/mnistFormat'

const source = process.argv[2] ?? findFashionMnist()
if (!source) throw new Error('Fashion-MNIST not found: apt-get install dataset-fashion-mnist')
const full = await loadFashionMnist(source)
if (!full.ok) throw new Error(full.error)
mkdirSync(EMBEDDED_DIR, { recursive: true })
for (const [split, n] of [
  ['train', 2000],
  ['test', 500],
] as const) {
  const set = takeFirst(full.value[split], n)
  const [imagesFile, labelsFile] = MNIST_FILES[split]
  writeFileSync(
    join(EMBEDDED_DIR, `${imagesFile}.gz`),
    gzipSync(encodeIdx([set.count, set.height, set.width], set.pixels), { level: 9 }),
  )
  writeFileSync(
    join(EMBEDDED_DIR, `${labelsFile}.gz`),
    gzipSync(encodeIdx([set.count], Uint8Array.from(set.labels ?? [])), { level: 9 }),
  )
  console.log(`${split}: ${set.count} images`)
}
