import { existsSync, mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Locator, type Page } from 'playwright-core'
import { build } from 'vite'
import { forkEngine } from '../../main/host/engineLink'
import { startBrowserServer, type BrowserServer } from '../../main/server/serve'

/** Debian's Chromium: `.ci/run` installs it; Playwright's own browser download is impossible here. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'
/** Headless Chromium as root in a container, without the network chatter. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
]
const ROOT = join(import.meta.dirname, '..', '..')
/** Screenshots of each step, kept as test artifacts (git-ignored). */
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'e2e')

export interface Harness {
  readonly browser: Browser
  readonly server: BrowserServer
  /** The app's address, with its launch token. */
  readonly url: string
  /** The engine process (fault tests kill it). */
  enginePid(): number | undefined
  close(): Promise<void>
}

/**
 * Builds the renderer and serves it in browser mode exactly as `latent-studio serve` does (the real
 * engine behind the WebSocket), then starts headless Chromium.
 */
export async function startHarness(): Promise<Harness> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install chromium)`,
    )
  mkdirSync(ARTIFACTS, { recursive: true })
  // Each spec file builds into its own folder: files run in parallel.
  const outDir = mkdtempSync(join(tmpdir(), 'ls-renderer-'))
  await build({
    configFile: join(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  })
  const engine = forkEngine()
  const server = await startBrowserServer({ root: outDir, engine })
  const url = server.url
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
  return {
    browser,
    server,
    url,
    enginePid: engine.pid,
    close: async () => {
      await browser.close()
      await server.close()
      await engine.close()
    },
  }
}

/** A fresh page on the app with console errors collected. */
export async function openApp(
  h: Harness,
  /** Script run in the page before the app (a fake desktop shell). */
  initScript?: string,
): Promise<{ page: Page; errors: string[] }> {
  // The smallest window the editor is designed for.
  const context = await h.browser.newContext({ viewport: { width: 1280, height: 800 } })
  // Headless Chromium cannot answer the File System Access pickers: take the file-input and
  // download paths, which Playwright drives.
  await context.addInitScript(() => {
    for (const picker of ['showOpenFilePicker', 'showSaveFilePicker'])
      Object.defineProperty(window, picker, { value: undefined })
  })
  if (initScript !== undefined) await context.addInitScript({ content: initScript })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  page.setDefaultTimeout(10_000)
  await page.goto(h.url)
  return { page, errors }
}

/** Saves a screenshot of the current step. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) })
}

/** How much an image's red channel varies (0 for a blank frame): is it a picture? */
export function imageSpread(img: Locator): Promise<number> {
  return img.evaluate(async (el) => {
    const image = el as HTMLImageElement
    await image.decode()
    const c = document.createElement('canvas')
    c.width = image.naturalWidth
    c.height = image.naturalHeight
    const g = c.getContext('2d')
    if (!g) return 0
    g.drawImage(image, 0, 0)
    const px = g.getImageData(0, 0, c.width, c.height).data
    let min = 255
    let max = 0
    for (let i = 0; i < px.length; i += 4) {
      min = Math.min(min, px[i] ?? 0)
      max = Math.max(max, px[i] ?? 0)
    }
    return max - min
  })
}
