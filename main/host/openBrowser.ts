import { spawn } from 'node:child_process'

/** How to open an address in the system's browser here, or why it cannot be. */
export type Opener =
  { readonly command: string; readonly args: readonly string[] } | { readonly none: string }

/** The system's way to open an address (pure, so it is tested on its own). */
export function browserOpener(
  url: string,
  platform: NodeJS.Platform,
  env: Readonly<Record<string, string | undefined>>,
): Opener {
  if (platform === 'darwin') return { command: 'open', args: [url] }
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', url] }
  if (!env['DISPLAY'] && !env['WAYLAND_DISPLAY'])
    return { none: 'there is no desktop session here (no $DISPLAY or $WAYLAND_DISPLAY)' }
  return { command: 'xdg-open', args: [url] }
}

/**
 * Opens `url` in the system's browser where there is a display; resolves with what to tell the
 * user (it was opened, or why not, so they open it themselves).
 */
export function openInBrowser(url: string): Promise<string> {
  const opener = browserOpener(url, process.platform, process.env)
  if ('none' in opener)
    return Promise.resolve(`Open the address above in a browser: ${opener.none}.`)
  return new Promise((resolve) => {
    const child = spawn(opener.command, [...opener.args], { stdio: 'ignore', detached: true })
    child.once('error', (e) => {
      resolve(`Open the address above in a browser: ${opener.command} failed (${e.message}).`)
    })
    child.once('spawn', () => {
      child.unref()
      resolve(`Opened it in your browser (${opener.command}).`)
    })
  })
}
