import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { exportAndCheck, findRunInHistory, history, trainVaeOneEpoch } from './flows'
import { imageSpread, openApp, shot, startHarness, type Harness } from './harness'

// The app's training dashboard in a real browser against the real engine (its own process):
// train the VAE for one epoch on the embedded data, find the run in the history, export it and
// check the files, explore its latent space. Screenshots go to test-artifacts/e2e/.

let h: Harness
let page: Page
let errors: string[]

beforeAll(async () => {
  h = await startHarness()
  ;({ page, errors } = await openApp(h))
}, 120_000)

afterAll(async () => {
  await h.close()
})

test('the VAE trains one epoch on the embedded subset, with a loss curve and a non-blank grid', async () => {
  await trainVaeOneEpoch(page)
}, 120_000)

test('the run is in the history with its settings, curves and last previews', async () => {
  await findRunInHistory(page)
})

test('export writes TensorFlow.js, ONNX, Keras and PNG files that load, and a file downloads', async () => {
  await exportAndCheck(page)
}, 60_000)

test('the latent explorer: hover decodes, two images interpolate, axes sweep, t-SNE maps', async () => {
  await history(page).getByRole('button', { name: 'Explore latent space' }).click()
  const map = history(page).getByRole('img', { name: 'Latent map: hover to decode' })
  await map.scrollIntoViewIfNeeded()
  const box = await map.boundingBox()
  if (!box) throw new Error('no latent map')
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.4)
  const decoded = history(page).getByRole('img', {
    name: 'Decoded from the point under the pointer',
  })
  await decoded.waitFor()
  const first = await decoded.getAttribute('src')
  await page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.7, { steps: 4 })
  await expect.poll(() => decoded.getAttribute('src')).not.toBe(first)
  expect(await imageSpread(decoded)).toBeGreaterThan(30)
  await history(page).getByRole('spinbutton', { name: 'to' }).fill('7')
  await history(page).getByRole('button', { name: 'Interpolate' }).click()
  const strip = history(page).getByRole('img', { name: 'Interpolation between the two images' })
  await strip.waitFor()
  expect(await strip.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(10 * 29 + 1)
  // Semantic interpolation: the VAE's 10 latent axes, each swept in 7 steps.
  await history(page).getByRole('button', { name: 'Sweep each axis' }).click()
  const sweep = history(page).getByRole('img', { name: /Semantic interpolation/ })
  await sweep.waitFor()
  expect(
    await sweep.evaluate((el) => {
      const img = el as HTMLImageElement
      return [img.naturalWidth, img.naturalHeight]
    }),
  ).toEqual([7 * 29 + 1, 10 * 29 + 1])
  expect(await imageSpread(sweep)).toBeGreaterThan(30)
  await sweep.scrollIntoViewIfNeeded()
  await shot(page, '23-latent-explorer')
  // The chapter's t-SNE map, on demand.
  await history(page).getByRole('button', { name: 't-SNE map' }).click()
  const tsne = history(page).getByRole('img', { name: /^t-SNE map/ })
  await tsne.waitFor({ timeout: 30_000 })
  expect(await tsne.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(480)
  await tsne.scrollIntoViewIfNeeded()
  await shot(page, '23b-tsne-map')
}, 60_000)

test('Continue training goes on from the run’s checkpoint in the same run, epochs numbered on', async () => {
  const column = history(page).getByRole('region', { name: /^Run run-/ })
  const runId = ((await column.getAttribute('aria-label')) ?? '').replace('Run ', '')
  expect(await column.getByRole('textbox', { name: `More epochs for ${runId}` }).inputValue()).toBe(
    '1',
  )
  await column.getByRole('button', { name: 'Continue training' }).click()
  // The history closes; the dock trains the same run on from epoch 1, its curve going on.
  await history(page).waitFor({ state: 'detached' })
  await expect
    .poll(() => page.getByTestId('run-status').textContent(), { timeout: 90_000 })
    .toBe('done')
  expect(await page.locator('.run-progress').textContent()).toContain('epoch 2/2')
  const loss = page.getByRole('img', { name: 'Loss: loss, val_loss by epoch' })
  expect(await loss.getAttribute('data-x-max')).toBe('2')
  await shot(page, '24a-continued')
  await page.getByRole('button', { name: 'Run history' }).click()
  const rows = history(page).locator('.history-table tbody tr')
  await expect.poll(() => rows.count()).toBe(1)
  expect(await rows.first().textContent()).toContain('2/2')
  expect(await rows.first().textContent()).toContain('done')
}, 120_000)

test('a killed engine is reported, restarts, and the history still lists the run', async () => {
  await history(page).getByRole('button', { name: 'Close run history' }).click()
  await page.getByRole('textbox', { name: 'Epochs this run' }).fill('50')
  await page.getByRole('button', { name: 'Train', exact: true }).click()
  await expect.poll(() => page.getByTestId('run-status').textContent()).toBe('running')
  process.kill(h.enginePid() ?? 0, 'SIGKILL')
  await expect.poll(() => page.getByTestId('run-status').textContent()).toBe('failed')
  expect(await page.locator('.run-progress').textContent()).toContain('the engine process stopped')
  await shot(page, '24-engine-restarted')
  await page.getByRole('button', { name: 'Run history' }).click()
  const rows = history(page).locator('.history-table tbody tr')
  // The new engine answers once it is up: on a loaded machine that takes more than a second.
  await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(2)
  await expect.poll(() => rows.first().textContent()).toContain('interrupted')
  expect(await rows.nth(1).textContent()).toContain('done')
}, 60_000)

test('no errors reached the console', () => {
  expect(errors).toEqual([])
})
