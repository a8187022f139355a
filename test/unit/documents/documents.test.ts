import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { writeAtomic } from '../../../main/documents/documents'

test('an atomic save replaces the file whole and leaves no temporary file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ls-save-'))
  const file = join(dir, 'vae.json')
  writeFileSync(file, 'old version')
  await writeAtomic(file, 'new version')
  expect(readFileSync(file, 'utf8')).toBe('new version')
  expect(readdirSync(dir)).toEqual(['vae.json'])
})

test('a save that fails keeps the previous version and cleans up', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ls-save-'))
  const file = join(dir, 'vae.json')
  writeFileSync(file, 'old version')
  // Renaming a file over a folder fails after the temporary file was written.
  const folder = join(dir, 'folder.json')
  await import('node:fs/promises').then((fs) => fs.mkdir(folder))
  await expect(writeAtomic(folder, 'new version')).rejects.toThrow()
  expect(readFileSync(file, 'utf8')).toBe('old version')
  expect(readdirSync(dir).sort()).toEqual(['folder.json', 'vae.json'])
})
