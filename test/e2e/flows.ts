import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as ort from 'onnxruntime-node'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { loadModel } from '../../main/tfjs/modelFiles'
import { ARTIFACTS, imageSpread, shot } from './harness'

// The dashboard's steps as a user takes them, shared by the browser-mode and Electron specs.

export const history = (page: Page) => page.getByRole('dialog', { name: 'Run history' })

/** Opens the VAE from the gallery and trains it one epoch on the embedded subset. */
export async function trainVaeOneEpoch(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Open template Variational autoencoder' }).click()
  await page.getByTestId('node-codings').waitFor()
  await page.getByRole('textbox', { name: 'Epochs this run' }).fill('1')
  await page.getByRole('button', { name: 'Train', exact: true }).click()
  await expect
    .poll(() => page.getByTestId('run-status').textContent(), { timeout: 90_000 })
    .toBe('done')
  expect(await page.locator('.run-progress').textContent()).toContain('epoch 1/1')
  expect(await page.locator('.metric-chart canvas').count()).toBeGreaterThan(0)
  expect(
    await page.getByRole('img', { name: 'Loss: loss, val_loss by epoch' }).textContent(),
  ).toContain('val_loss')
  // Generative runs chart their sample quality apart: the FID and its floor.
  expect(await page.getByRole('img', { name: /^FID of generated images/ }).textContent()).toContain(
    'fid_floor',
  )
  const grid = page.getByRole('img', { name: 'Samples after epoch 1' })
  expect(await imageSpread(grid)).toBeGreaterThan(100)
  await shot(page, '20-vae-one-epoch')
}

/** Opens the run history and checks the run is there with its settings, curves and previews. */
export async function findRunInHistory(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Run history' }).click()
  await history(page).waitFor()
  const rows = history(page).locator('.history-table tbody tr')
  await expect.poll(() => rows.count()).toBe(1)
  expect(await rows.first().textContent()).toContain('Variational autoencoder')
  expect(await rows.first().textContent()).toContain('done')
  const column = history(page).getByRole('region', { name: /^Run run-/ })
  await column.waitFor()
  expect(await column.textContent()).toContain('nadam, lr 0.001')
  expect(await column.locator('.metric-chart canvas').count()).toBeGreaterThan(0)
  expect(await column.getByRole('img', { name: /^reconstructions of run-/ }).count()).toBe(1)
  await shot(page, '21-history')
}

/** Exports the run, checks the files load (tfjs, ONNX Runtime) and downloads one; gives the folder. */
export async function exportAndCheck(
  page: Page,
  /** The desktop app saves downloads here ($LATENT_STUDIO_DOWNLOADS), without a dialog. */
  downloads?: string,
): Promise<string> {
  await history(page).getByRole('button', { name: 'Export' }).click()
  const files = history(page).getByRole('region', { name: /^Exported files of / })
  await files.waitFor({ timeout: 30_000 })
  const text = (await files.textContent()) ?? ''
  expect(text).toContain('Exported 13 files to ')
  const dir = /files to (\/\S+\/export)/.exec(text)?.[1] ?? ''
  for (const f of [
    'tfjs/decoder/model.json',
    'tfjs/load.mjs',
    'onnx/decoder.onnx',
    'keras/model.py',
    'previews/samples.png',
  ])
    expect(existsSync(join(dir, f))).toBe(true)
  const decoder = await loadModel(join(dir, 'tfjs', 'decoder'))
  expect(decoder.outputs[0]?.shape).toEqual([null, 28, 28])
  const session = await ort.InferenceSession.create(join(dir, 'onnx', 'encoder.onnx'))
  expect(session.outputNames).toEqual(['codings_mean', 'codings_log_var', 'codings'])
  // Downloading goes through the engine, so it works when the engine runs on another machine.
  const original = readFileSync(join(dir, 'onnx', 'decoder.onnx'))
  if (downloads !== undefined) {
    await files.getByRole('button', { name: 'onnx/decoder.onnx' }).click()
    const saved = join(downloads, 'decoder.onnx')
    await expect
      .poll(() => existsSync(saved) && readFileSync(saved).equals(original), { timeout: 10_000 })
      .toBe(true)
  } else {
    const download = page.waitForEvent('download')
    await files.getByRole('button', { name: 'onnx/decoder.onnx' }).click()
    const file = await download
    const saved = join(ARTIFACTS, file.suggestedFilename())
    await file.saveAs(saved)
    expect(readFileSync(saved).equals(original)).toBe(true)
  }
  await shot(page, '22-exported')
  return dir
}
