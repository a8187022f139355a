import { createServer } from 'node:http'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { PNG } from 'pngjs'
import { describe, expect, test } from 'vitest'
import { splitValidation } from '../../../main/data/dataset'
import { EMBEDDED_DIR, loadEmbedded } from '../../../main/data/embedded'
import {
  downloadFashionMnist,
  findFashionMnist,
  loadFashionMnist,
} from '../../../main/data/fashionMnist'
import { encodeIdx, parseIdx } from '../../../main/data/idx'
import { loadImageFolder } from '../../../main/data/imageFolder'

const tmp = () => mkdtempSync(join(tmpdir(), 'latent-data-'))

describe('embedded Fashion-MNIST subset', () => {
  test('holds 2,000 train and 500 test 28×28 images of all ten classes', async () => {
    const d = await loadEmbedded()
    if (!d.ok) throw new Error(d.error)
    expect([d.value.train.count, d.value.test.count]).toEqual([2000, 500])
    expect([d.value.train.height, d.value.train.width, d.value.train.channels]).toEqual([28, 28, 1])
    expect(new Set(d.value.train.labels).size).toBe(10)
    expect(d.value.train.pixels.length).toBe(2000 * 784)
    const { train, valid } = splitValidation(d.value.train, 0.1)
    expect([train.count, valid.count]).toEqual([1800, 200])
    expect(valid.labels?.[0]).toBe(d.value.train.labels?.[1800])
  })
})

describe('IDX files', () => {
  test('round-trip, gzipped or not', () => {
    const data = Uint8Array.from([1, 2, 3, 4, 5, 6])
    const raw = encodeIdx([2, 3], data)
    for (const bytes of [raw, gzipSync(raw)]) {
      const parsed = parseIdx(bytes, 'x')
      expect(parsed.ok && { dims: parsed.value.dims, data: Array.from(parsed.value.data) }).toEqual(
        { dims: [2, 3], data: [1, 2, 3, 4, 5, 6] },
      )
    }
  })

  test.each([
    [
      'wrong magic',
      Uint8Array.from([1, 2, 8, 1, 0, 0, 0, 1, 7]),
      'is not an IDX file (wrong magic number)',
    ],
    [
      'truncated data',
      encodeIdx([10], Uint8Array.from([1, 2, 3])).subarray(0, 10),
      'is truncated: its header promises 10 values, the file holds 2',
    ],
    ['truncated header', Uint8Array.from([0, 0, 8, 3, 0]), 'is truncated inside its header'],
    ['damaged gzip', Uint8Array.from([0x1f, 0x8b, 8, 0, 1, 2, 3]), 'is a damaged gzip file'],
    [
      'float data',
      Uint8Array.from([0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0]),
      'only unsigned bytes (0x08) are supported',
    ],
  ])('%s is a clear error', (_name, bytes, message) => {
    const parsed = parseIdx(bytes, 'f.idx')
    expect(parsed.ok).toBe(false)
    expect(!parsed.ok && parsed.error).toContain(message)
  })

  test('images and labels that disagree are refused', async () => {
    const dir = tmp()
    writeFileSync(join(dir, 'train-images-idx3-ubyte'), encodeIdx([5, 2, 2], new Uint8Array(20)))
    writeFileSync(join(dir, 'train-labels-idx1-ubyte'), encodeIdx([4], new Uint8Array(4)))
    const loaded = await loadFashionMnist(dir)
    expect(loaded).toEqual({
      ok: false,
      error: 'train-images-idx3-ubyte has 5 images but train-labels-idx1-ubyte has 4 labels',
    })
  })
})

describe('finding and downloading the full set', () => {
  test('finds the first candidate folder that has the files', () => {
    expect(findFashionMnist([tmp(), EMBEDDED_DIR])).toBe(EMBEDDED_DIR)
    expect(findFashionMnist([tmp()])).toBeUndefined()
  })

  test('downloads from a mirror over HTTP and checks the files load', async () => {
    const served: string[] = []
    const server = createServer((req, res) => {
      const name = (req.url ?? '').replace(/^\/mirror\//, '')
      served.push(name)
      try {
        res.end(readFileSync(join(EMBEDDED_DIR, name)))
      } catch {
        res.statusCode = 404
        res.end()
      }
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const address = server.address()
    const port = typeof address === 'object' && address ? address.port : 0
    try {
      const dest = tmp()
      const result = await downloadFashionMnist(dest, {
        mirror: `http://127.0.0.1:${port}/mirror/`,
      })
      expect(result).toEqual({ ok: true, value: dest })
      expect(served.sort()).toEqual([
        't10k-images-idx3-ubyte.gz',
        't10k-labels-idx1-ubyte.gz',
        'train-images-idx3-ubyte.gz',
        'train-labels-idx1-ubyte.gz',
      ])
      const loaded = await loadFashionMnist(dest)
      expect(loaded.ok && loaded.value.train.count).toBe(2000)
      const missing = await downloadFashionMnist(tmp(), {
        mirror: `http://127.0.0.1:${port}/nothing-here/`,
      })
      expect(missing).toEqual({
        ok: false,
        error: `downloading http://127.0.0.1:${port}/nothing-here/train-images-idx3-ubyte.gz failed: HTTP 404`,
      })
    } finally {
      server.close()
    }
  })
})

describe('image folders', () => {
  const png = (w: number, h: number, rgb: [number, number, number]) => {
    const img = new PNG({ width: w, height: h })
    for (let i = 0; i < w * h; i++) img.data.set([...rgb, 255], i * 4)
    return PNG.sync.write(img)
  }

  test('one sub-folder per class, resized and converted to the model’s input', async () => {
    const dir = tmp()
    for (const [cls, rgb] of [
      ['cats', [200, 100, 50]],
      ['dogs', [10, 20, 30]],
    ] as const) {
      mkdirSync(join(dir, cls))
      for (let i = 0; i < 10; i++) writeFileSync(join(dir, cls, `${i}.png`), png(40, 30, [...rgb]))
    }
    const d = await loadImageFolder(dir, {
      height: 28,
      width: 28,
      channels: 1,
      labels: 'subfolders',
    })
    if (!d.ok) throw new Error(d.error)
    expect([d.value.train.count, d.value.test.count]).toEqual([18, 2])
    expect(d.value.train.classNames).toEqual(['cats', 'dogs'])
    const first = d.value.train.labels?.[0]
    const expected =
      first === 0
        ? Math.round(0.299 * 200 + 0.587 * 100 + 0.114 * 50)
        : Math.round(0.299 * 10 + 0.587 * 20 + 0.114 * 30)
    expect(Array.from(new Set(d.value.train.pixels.subarray(0, 784)))).toEqual([expected])
  })

  test('a damaged image and an empty folder are clear errors', async () => {
    const dir = tmp()
    mkdirSync(join(dir, 'a'))
    writeFileSync(join(dir, 'a', 'bad.png'), Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]))
    const bad = await loadImageFolder(dir, {
      height: 8,
      width: 8,
      channels: 1,
      labels: 'subfolders',
    })
    expect(!bad.ok && bad.error).toMatch(/bad\.png is a damaged image/)
    const empty = await loadImageFolder(tmp(), { height: 8, width: 8, channels: 1, labels: 'none' })
    expect(!empty.ok && empty.error).toMatch(/has no PNG or JPEG images$/)
  })
})
