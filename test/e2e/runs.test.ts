import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as ort from 'onnxruntime-node'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { loadModel } from '../../main/engine/modelFiles'
import { ARTIFACTS, imageSpread, openApp, shot, startHarness, type Harness } from './harness'

// The app's training dashboard in a real browser against the real engine (its own process):
// train the VAE for one epoch on the embedded data, find the run in the history, export it and
// check the files, explore its latent space. Screenshots go to test-artifacts/e2e/.

let h: Harness
let page: Page
let errors: string[]
let exportDir = ''

beforeAll(async () => {
  h = await startHarness()
  ;({ page, errors } = await openApp(h))
}, 120_000)

afterAll(async () => {
  await h.close()
})

const history = () => page.getByRole('dialog', { name: 'Run history' })

test('the VAE trains one epoch on the embedded subset, with a loss curve and a non-blank grid', async () => {
  await page.getByRole('button', { name: 'Open template Variational autoencoder' }).click()
  await page.getByTestId('node-codings').waitFor()
  await page.getByRole('textbox', { name: 'Epochs this run' }).fill('1')
  await page.getByRole('button', { name: 'Train', exact: true }).click()
  await expect
    .poll(() => page.getByTestId('run-status').textContent(), { timeout: 90_000 })
    .toBe('done')
  // The whole embedded training set: 2,000 images less the validation split, one epoch.
  expect(await page.locator('.run-progress').textContent()).toContain('epoch 1/1')
  expect(await page.locator('.loss-chart canvas').count()).toBeGreaterThan(0)
  expect(await page.locator('.loss-chart').textContent()).toContain('val_loss')
  const grid = page.getByRole('img', { name: 'samples after epoch 1' })
  expect(await imageSpread(grid)).toBeGreaterThan(100)
  await shot(page, '20-vae-one-epoch')
}, 120_000)

test('the run is in the history with its settings, curves and last previews', async () => {
  await page.getByRole('button', { name: 'Run history' }).click()
  await history().waitFor()
  const rows = history().locator('.history-table tbody tr')
  await expect.poll(() => rows.count()).toBe(1)
  expect(await rows.first().textContent()).toContain('Variational autoencoder')
  expect(await rows.first().textContent()).toContain('done')
  const column = history().getByRole('region', { name: /^Run run-/ })
  await column.waitFor()
  expect(await column.textContent()).toContain('nadam, lr 0.001')
  expect(await column.locator('.loss-chart canvas').count()).toBeGreaterThan(0)
  expect(await column.getByRole('img', { name: /^reconstructions of run-/ }).count()).toBe(1)
  await shot(page, '21-history')
})

test('export writes TensorFlow.js, ONNX, Keras and PNG files that load, and a file downloads', async () => {
  await history().getByRole('button', { name: 'Export' }).click()
  const files = history().getByRole('region', { name: /^Exported files of / })
  await files.waitFor({ timeout: 30_000 })
  const text = (await files.textContent()) ?? ''
  expect(text).toContain('Exported 11 files to ')
  exportDir = /files to (\/\S+\/export)/.exec(text)?.[1] ?? ''
  for (const f of [
    'tfjs/decoder/model.json',
    'onnx/decoder.onnx',
    'keras/model.py',
    'previews/samples.png',
  ])
    expect(existsSync(join(exportDir, f))).toBe(true)
  const decoder = await loadModel(join(exportDir, 'tfjs', 'decoder'))
  expect(decoder.outputs[0]?.shape).toEqual([null, 28, 28])
  const session = await ort.InferenceSession.create(join(exportDir, 'onnx', 'encoder.onnx'))
  expect(session.outputNames).toEqual(['codings_mean', 'codings_log_var', 'codings'])
  // Downloading goes through the engine, so it works when the engine runs on another machine.
  const download = page.waitForEvent('download')
  await files.getByRole('button', { name: 'onnx/decoder.onnx' }).click()
  const file = await download
  const saved = join(ARTIFACTS, file.suggestedFilename())
  await file.saveAs(saved)
  expect(readFileSync(saved).equals(readFileSync(join(exportDir, 'onnx', 'decoder.onnx')))).toBe(
    true,
  )
  await shot(page, '22-exported')
}, 60_000)

test('hovering the latent map decodes the point under the pointer; two images interpolate', async () => {
  await history().getByRole('button', { name: 'Explore latent space' }).click()
  const map = history().getByRole('img', { name: 'Latent map: hover to decode' })
  await map.scrollIntoViewIfNeeded()
  const box = await map.boundingBox()
  if (!box) throw new Error('no latent map')
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.4)
  const decoded = history().getByRole('img', { name: 'Decoded from the point under the pointer' })
  await decoded.waitFor()
  const first = await decoded.getAttribute('src')
  await page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.7, { steps: 4 })
  await expect.poll(() => decoded.getAttribute('src')).not.toBe(first)
  expect(await imageSpread(decoded)).toBeGreaterThan(30)
  await history().getByRole('spinbutton', { name: 'to' }).fill('7')
  await history().getByRole('button', { name: 'Interpolate' }).click()
  const strip = history().getByRole('img', { name: 'Interpolation between the two images' })
  await strip.waitFor()
  expect(await strip.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(10 * 29 + 1)
  await shot(page, '23-latent-explorer')
})

test('no errors reached the console', () => {
  expect(errors).toEqual([])
})
