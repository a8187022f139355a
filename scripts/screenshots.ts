// Regenerates the README's screenshots: the editor with the VAE, and the VAE training live.
// Usage: npx tsx scripts/screenshots.ts   (needs Debian's Chromium, like the browser tests)
import { join } from 'node:path'
import { openApp, startHarness } from '../test/e2e/harness'

const DOCS = join(import.meta.dirname, '..', 'docs')
const h = await startHarness()
try {
  const { page } = await openApp(h)
  await page.getByRole('button', { name: 'Open template Variational autoencoder' }).click()
  await page.getByTestId('node-codings').waitFor()
  await page.getByRole('button', { name: 'Hide run details' }).click()
  await page.waitForTimeout(500)
  await page.screenshot({ path: join(DOCS, 'editor-vae.png') })
  await page.getByRole('textbox', { name: 'Epochs this run' }).fill('5')
  await page.getByRole('button', { name: 'Train', exact: true }).click()
  await page.getByTestId('run-status').filter({ hasText: 'done' }).waitFor({ timeout: 300_000 })
  await page.waitForTimeout(500)
  await page.screenshot({ path: join(DOCS, 'training-vae.png') })
  console.log(`wrote ${DOCS}/editor-vae.png and training-vae.png`)
} finally {
  await h.close()
}
