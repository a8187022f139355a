// Dataset paths from documents, confined to the folders the user allowed (an engine serving a
// renderer reads nothing else through them).
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { expect, test } from 'vitest'
import type { EngineEvent } from '../../../common/api'
import {
  confineToRoots,
  DATASET_ROOTS_ENV,
  DATASET_ROOTS_FILE_ENV,
  datasetRoots,
} from '../../../main/data/roots'
import { createEngineHost } from '../../../main/host/engineHost'
import { loadTemplateDoc } from '../../helpers/templates'

const base = mkdtempSync(join(tmpdir(), 'ls-roots-'))
const allowed = join(base, 'allowed')
const sibling = join(base, 'allowed-not') // shares the allowed folder's name as a prefix
const outside = join(base, 'secret')
for (const d of [join(allowed, 'cats'), sibling, outside]) mkdirSync(d, { recursive: true })
symlinkSync(outside, join(allowed, 'link-out'))

test.each([
  ['the allowed folder itself', allowed, true],
  ['a folder inside it', join(allowed, 'cats'), true],
  ['a folder beside it whose name starts the same', sibling, false],
  ['a folder outside it', outside, false],
  ['a way out through ..', join(allowed, '..', 'secret'), false],
  ['a link inside it that points outside', join(allowed, 'link-out'), false],
  ['the file system root', '/', false],
])('%s', (_what, path, inside) => {
  const r = confineToRoots(path, [allowed])
  expect(r.ok).toBe(inside)
  if (!r.ok) expect(r.error).toMatch(/is outside the folders this engine may read/)
})

test('with no folder allowed, every path is refused with how to allow one', () => {
  const r = confineToRoots(allowed, [])
  expect(!r.ok && r.error).toMatch(/has not been allowed: .*--data <folder>/)
})

test('the allowed folders come from the environment and the desktop app’s list', () => {
  const list = join(base, 'chosen.json')
  writeFileSync(list, JSON.stringify([outside, 'relative/ignored', 3]))
  expect(
    datasetRoots({
      [DATASET_ROOTS_ENV]: [allowed, sibling].join(delimiter),
      [DATASET_ROOTS_FILE_ENV]: list,
    }),
  ).toEqual([allowed, sibling, outside])
  writeFileSync(list, 'not json')
  expect(datasetRoots({ [DATASET_ROOTS_FILE_ENV]: list })).toEqual([])
})

test('a document naming a folder outside the allowed ones fails its run, and says why', async () => {
  const events: EngineEvent[] = []
  const host = createEngineHost((e) => events.push(e), 'browser', {
    root: mkdtempSync(join(tmpdir(), 'ls-roots-runs-')),
    roots: () => [allowed],
  })
  const doc = {
    ...loadTemplateDoc('vae'),
    dataset: { kind: 'folder', path: outside, labels: 'subfolders' },
  }
  const started = await host['train:start']({ doc })
  expect(started).toMatchObject({ ok: true })
  await expect
    .poll(() => events.find((e) => e.type === 'train:event' && e.event.type === 'failed'))
    .toMatchObject({
      event: {
        message: `the dataset folder ${outside} is outside the folders this engine may read (${allowed})`,
      },
    })
})
