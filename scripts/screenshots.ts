// Regenerates the README's screenshots: the editor with the VAE, the VAE training live, and the
// run history with the latent-space explorer.
// Usage: npx tsx scripts/screenshots.ts   (needs Debian's Chromium, like the browser tests)
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openApp, startHarness } from '../test/e2e/harness'

const DOCS = join(import.meta.dirname, '..', 'docs')
// The screenshots' runs go to a scratch history, not the user's.
process.env['LATENT_STUDIO_HOME'] = mkdtempSync(join(tmpdir(), 'ls-shots-'))
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
  // The dock pulled up, as a user watching a run would: previews and charts in view.
  const bar = await page.getByRole('separator', { name: 'Resize the training dock' }).boundingBox()
  if (bar) {
    await page.mouse.move(bar.x + 300, bar.y)
    await page.mouse.down()
    await page.mouse.move(bar.x + 300, bar.y - 330, { steps: 5 })
    await page.mouse.up()
  }
  await page.waitForTimeout(800)
  await page.screenshot({ path: join(DOCS, 'training-vae.png') })
  await page.getByRole('button', { name: 'Run history' }).click()
  const history = page.getByRole('dialog', { name: 'Run history' })
  await history.getByRole('button', { name: 'Explore latent space' }).click()
  const map = history.getByRole('img', { name: 'Latent map: hover to decode' })
  await map.scrollIntoViewIfNeeded()
  const box = await map.boundingBox()
  if (box) await page.mouse.move(box.x + box.width * 0.35, box.y + box.height * 0.6)
  await history.getByRole('img', { name: 'Decoded from the point under the pointer' }).waitFor()
  await history.getByRole('spinbutton', { name: 'to' }).fill('9')
  await history.getByRole('button', { name: 'Interpolate' }).click()
  await history.getByRole('img', { name: 'Interpolation between the two images' }).waitFor()
  await page.waitForTimeout(300)
  await page.screenshot({ path: join(DOCS, 'history-vae.png') })
  await page.keyboard.press('Escape')
  // The diffusion U-Net as its folded stages, with the quick preset in use.
  page.on('dialog', (d) => void d.accept())
  await page.keyboard.press('Control+Shift+N')
  await page.getByRole('button', { name: 'Open template Diffusion model (DDPM)' }).click()
  await page.getByTestId('group-down64').waitFor()
  await page.getByTestId('apply-quick-preset').click()
  await page.waitForTimeout(800)
  await page.screenshot({ path: join(DOCS, 'editor-diffusion.png') })
  console.log(
    `wrote ${DOCS}/editor-vae.png, training-vae.png, history-vae.png and editor-diffusion.png`,
  )
} finally {
  await h.close()
}
