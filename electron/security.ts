import { app, session, shell, type WebContents } from 'electron'

/** The app's own origin: the renderer is served from the app:// protocol, never from the web. */
export const APP_ORIGIN = 'app://latent-studio'

/** The renderer's Content-Security-Policy: only the app's own code; wasm for tfjs in the page. */
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

/** True for a frame of the app itself (IPC from anything else is refused). */
export function isAppUrl(url: string | undefined): boolean {
  return url !== undefined && (url === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`))
}

/** Links the user clicks open in the system browser, and only web links. */
const openExternally = (url: string) => {
  if (/^https?:\/\//.test(url)) void shell.openExternal(url)
}

/**
 * Electron's security checklist, applied to every web contents: no new windows, no navigation away
 * from the app, no <webview>, every permission request denied.
 */
export function hardenApp(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => {
    callback(false)
  })
  session.defaultSession.setPermissionCheckHandler(() => false)
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.setWindowOpenHandler(({ url }) => {
      openExternally(url)
      return { action: 'deny' }
    })
    contents.on('will-navigate', (event, url) => {
      if (isAppUrl(url)) return
      event.preventDefault()
      openExternally(url)
    })
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault()
    })
    contents.on('will-attach-webview', (event) => {
      event.preventDefault()
    })
  })
}
