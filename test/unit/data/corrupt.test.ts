// Damaged and hostile dataset files: each is an error value naming the file, never an exception,
// a hang or a giant allocation.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import fc from 'fast-check'
import { PNG } from 'pngjs'
import { afterAll, describe, expect, test } from 'vitest'
import { decodeImage } from '../../../main/data/decodeImage'
import { loadFashionMnist } from '../../../main/data/fashionMnist'
import { encodeIdx, MAX_IDX_BYTES, parseIdx } from '../../../main/data/idx'
import { FUZZ_RUNS, FUZZ_TIMEOUT, Tally } from '../../helpers/fuzz'

const tallies: Tally[] = []
afterAll(() => {
  for (const t of tallies) console.info(t.summary())
})

const png = (w: number, h: number) => {
  const img = new PNG({ width: w, height: h })
  img.data.fill(128)
  return new Uint8Array(PNG.sync.write(img))
}

describe('IDX files, fuzzed', { timeout: FUZZ_TIMEOUT }, () => {
  const valid = encodeIdx(
    [3, 4, 4],
    Uint8Array.from({ length: 48 }, (_, i) => i),
  )

  test('truncated, bit-flipped or random bytes, gzipped or not', () => {
    const t = new Tally('IDX bytes')
    tallies.push(t)
    const damaged = fc.oneof(
      fc.nat({ max: valid.length }).map((n) => valid.slice(0, n)),
      fc
        .array(fc.tuple(fc.nat({ max: valid.length - 1 }), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 6,
        })
        .map((flips) => {
          const b = valid.slice()
          for (const [at, v] of flips) b[at] = v
          return b
        }),
      fc.uint8Array({ maxLength: 64 }),
    )
    fc.assert(
      fc.property(damaged, fc.boolean(), (bytes, gz) => {
        const r = parseIdx(gz ? new Uint8Array(gzipSync(bytes)) : bytes, 'f.idx')
        t.add(r.ok ? 'read' : 'refused')
        if (r.ok) {
          // What is read is what the header promised, within the file.
          expect(r.value.data.length).toBe(r.value.dims.reduce((a, b) => a * b, 1))
        } else expect(r.error).toMatch(/^f\.idx /)
      }),
      { numRuns: FUZZ_RUNS ?? 1_000 },
    )
    expect(t.counts.get('refused') ?? 0).toBeGreaterThan(0)
  })

  test('a gzip bomb is refused without expanding it', () => {
    // 1 GiB of zeros behind a valid header, a few MB compressed.
    const header = encodeIdx([1 << 30], new Uint8Array(0))
    const bomb = gzipSync(Buffer.concat([header, Buffer.alloc(1 << 30)]), { level: 1 })
    expect(bomb.length).toBeLessThan(8 * 2 ** 20)
    const r = parseIdx(new Uint8Array(bomb), 'bomb.gz')
    expect(!r.ok && r.error).toMatch(
      /^bomb\.gz is a damaged gzip file .*Cannot create a Buffer larger than/,
    )
    expect(MAX_IDX_BYTES).toBeLessThan(1 << 30)
  })

  test('a header promising more images than the labels file has is refused by name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'latent-idx-'))
    writeFileSync(
      join(dir, 'train-images-idx3-ubyte'),
      encodeIdx([2, 28, 28], new Uint8Array(2 * 784)),
    )
    writeFileSync(join(dir, 'train-labels-idx1-ubyte'), encodeIdx([3], new Uint8Array(3)))
    const r = await loadFashionMnist(dir)
    expect(!r.ok && r.error).toBe(
      'train-images-idx3-ubyte has 2 images but train-labels-idx1-ubyte has 3 labels',
    )
  })
})

describe('images, fuzzed', { timeout: FUZZ_TIMEOUT }, () => {
  test('damaged PNG and JPEG bytes are error values naming the file', () => {
    const t = new Tally('image bytes')
    tallies.push(t)
    const good = png(6, 5)
    const jpegHead = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46])
    const bytes = fc.oneof(
      fc.nat({ max: good.length }).map((n) => good.slice(0, n)),
      fc
        .tuple(fc.nat({ max: good.length - 1 }), fc.integer({ min: 0, max: 255 }))
        .map(([at, v]) => {
          const b = good.slice()
          b[at] = v
          return b
        }),
      fc.uint8Array({ maxLength: 200 }).map((tail) => Uint8Array.from([...jpegHead, ...tail])),
      fc.uint8Array({ maxLength: 200 }),
    )
    fc.assert(
      fc.property(bytes, (b) => {
        const r = decodeImage(b, 'x.png')
        t.add(r.ok ? 'decoded' : 'refused')
        if (r.ok) expect(r.value.data.length).toBe(r.value.width * r.value.height * 4)
        else expect(r.error).toMatch(/^x\.png /)
      }),
      { numRuns: FUZZ_RUNS ?? 1_000 },
    )
    expect(t.counts.get('refused') ?? 0).toBeGreaterThan(0)
  })

  test('a PNG claiming 100000 × 100000 pixels is refused before decoding', () => {
    const b = png(2, 2)
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength)
    view.setUint32(16, 100_000)
    view.setUint32(20, 100_000)
    const before = process.memoryUsage().rss
    const r = decodeImage(b, 'huge.png')
    expect(!r.ok && r.error).toBe('huge.png claims 100000×100000 pixels (limit 50 million)')
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 2 ** 20)
  })
})
