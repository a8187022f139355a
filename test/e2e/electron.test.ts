import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron, type ElectronApplication, type Page } from 'playwright-core'
import { build } from 'vite'
import { afterAll, expect, test } from 'vitest'
import { DOWNLOADS_ENV } from '../../electron/downloads'
import { buildElectron } from '../../scripts/buildElectron'
import { chooseLaunch, probeElectron } from '../../scripts/launcher'
import { exportAndCheck, findRunInHistory, trainVaeOneEpoch } from './flows'

// The same dashboard specs as runs.test.ts, in the desktop app through Playwright's Electron
// launcher. They run only where an Electron binary exists (or downloads) and a display is there;
// elsewhere the skip says why, in the test's own name and in the output.

const ROOT = join(import.meta.dirname, '..', '..')
const launch = chooseLaunch({
  electron: probeElectron(),
  platform: process.platform,
  display: Boolean(process.env['DISPLAY'] ?? process.env['WAYLAND_DISPLAY']),
  forceBrowser: false,
})
const why = launch.kind === 'browser' ? launch.reason : null
if (why) console.warn(`Electron specs not run here: ${why}`)

let app: ElectronApplication | null = null
afterAll(async () => {
  await app?.close()
})

test.skipIf(why !== null)(
  `desktop app: gallery, one VAE epoch, history, export${why ? ` (not run here: ${why})` : ''}`,
  async () => {
    if (launch.kind !== 'electron') return
    await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' })
    await buildElectron()
    // Downloads are saved without the native Save dialog, which Playwright cannot answer.
    const downloads = mkdtempSync(join(tmpdir(), 'ls-electron-downloads-'))
    app = await _electron.launch({
      executablePath: launch.binary,
      args: [ROOT],
      env: {
        ...process.env,
        LATENT_STUDIO_HOME: mkdtempSync(join(tmpdir(), 'ls-electron-')),
        [DOWNLOADS_ENV]: downloads,
      },
    })
    const page: Page = await app.firstWindow()
    // The sandboxed page sees the preload's bridge, never Node.
    expect(
      await page.evaluate(() => typeof (window as { latentStudio?: unknown }).latentStudio),
    ).toBe('object')
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
      'undefined',
    )
    await trainVaeOneEpoch(page)
    await findRunInHistory(page)
    await exportAndCheck(page, downloads)
  },
  240_000,
)
