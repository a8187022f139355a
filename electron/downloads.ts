import { basename, join } from 'node:path'

/** Saves the app's downloads (exported files) to this folder without asking (automation, tests). */
export const DOWNLOADS_ENV = 'LATENT_STUDIO_DOWNLOADS'

/** The part of Electron's DownloadItem the handler uses. */
export interface Download {
  getFilename(): string
  setSavePath(path: string): void
  setSaveDialogOptions(options: { title: string; defaultPath: string }): void
}

/** The part of an Electron session the handler listens to. */
export interface DownloadSource {
  on(event: 'will-download', listener: (event: unknown, item: Download) => void): unknown
}

/**
 * Files the page downloads (an exported model file, a chart's CSV): a Save dialog titled for the
 * app, starting in the user's Downloads folder; with $LATENT_STUDIO_DOWNLOADS set, saved there
 * directly (the Electron end-to-end spec reads them; Playwright cannot answer native dialogs).
 */
export function handleDownloads(
  source: DownloadSource,
  downloadsDir: string,
  env: NodeJS.ProcessEnv = process.env,
): void {
  source.on('will-download', (_event, item) => {
    // The page names the file: only its base name is used.
    const name = basename(item.getFilename()) || 'download'
    const dir = env[DOWNLOADS_ENV]
    if (dir) item.setSavePath(join(dir, name))
    else item.setSaveDialogOptions({ title: 'Save', defaultPath: join(downloadsDir, name) })
  })
}
