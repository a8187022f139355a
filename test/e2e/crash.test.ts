import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { CHROMIUM, CHROMIUM_ARGS, shot, startHarness, type Harness } from './harness'

// The browser killed outright (SIGKILL: no beforeunload, no cleanup) with unsaved edits: the next
// start offers the autosaved work back.

let h: Harness
const profile = mkdtempSync(join(tmpdir(), 'ls-profile-'))

beforeAll(async () => {
  h = await startHarness()
}, 120_000)
afterAll(async () => {
  await h.close()
})

const launch = () =>
  chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    viewport: { width: 1280, height: 800 },
    args: CHROMIUM_ARGS,
  })

const dropout = (p: Page) => p.locator('.react-flow__node', { hasText: 'Dropout' })

/**
 * Whether the profile's local-storage files hold `text` (Chromium stores a value as Latin-1 or,
 * with other characters in it, as UTF-16).
 */
function onDisk(dir: string, text: string): boolean {
  const store = join(dir, 'Default', 'Local Storage', 'leveldb')
  const forms = [Buffer.from(text, 'latin1'), Buffer.from(text, 'utf16le')]
  try {
    return readdirSync(store).some((f) => {
      const bytes = readFileSync(join(store, f))
      return forms.some((form) => bytes.includes(form))
    })
  } catch {
    return false
  }
}

/** Every Chromium process using `dir` as its profile, from /proc (Linux). */
function processesOf(dir: string): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(dir)
      } catch {
        return false
      }
    })
    .map(Number)
}

test('unsaved work survives the browser being killed, and is offered back on the next start', async () => {
  const first: BrowserContext = await launch()
  const page = first.pages()[0] ?? (await first.newPage())
  await page.goto(h.url)
  await page.getByRole('button', { name: 'Open template Variational autoencoder' }).click()
  await page.getByRole('button', { name: 'Add Dropout' }).focus()
  await page.keyboard.press('Enter')
  await dropout(page).waitFor()
  const title = await page.getByLabel('Document title').textContent()
  expect(title).toMatch(/ •$/)
  // The autosave (1.5 s after the edit), then Chromium's own delay before storage reaches disk:
  // wait until the recovery copy is in the profile's files, as a crash would find it.
  // (The new node's id, in the recovery copy's text: nothing else in the profile holds it.)
  await expect.poll(() => onDisk(profile, 'dropout'), { timeout: 30_000 }).toBe(true)
  const pids = processesOf(profile)
  expect(pids.length).toBeGreaterThan(0)
  for (const pid of pids) process.kill(pid, 'SIGKILL')
  await first.close().catch(() => undefined)

  const second = await launch()
  const again = second.pages()[0] ?? (await second.newPage())
  await again.goto(h.url)
  await again.getByRole('button', { name: 'Restore' }).click()
  await dropout(again).waitFor()
  expect(await again.getByLabel('Document title').textContent()).toBe(title)
  await shot(again, '30-recovered-after-kill')
  await second.close()
}, 90_000)
