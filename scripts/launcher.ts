import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

/** How `npm start` runs the app here: the desktop shell, or browser mode and why. */
export type Launch =
  | { readonly kind: 'electron'; readonly binary: string }
  | { readonly kind: 'browser'; readonly reason: string }

/** What the launcher found on this machine. */
export interface Probe {
  /** The Electron binary, once present or installed; else why not. */
  readonly electron: { readonly binary: string } | { readonly error: string }
  readonly platform: NodeJS.Platform
  /** $DISPLAY / $WAYLAND_DISPLAY: a Linux desktop session to open a window on. */
  readonly display: boolean
  readonly forceBrowser: boolean
}

/** Decides between the desktop app and browser mode (pure, so it is tested on its own). */
export function chooseLaunch(p: Probe): Launch {
  if (p.forceBrowser) return { kind: 'browser', reason: 'browser mode was asked for (--browser)' }
  if ('error' in p.electron)
    return { kind: 'browser', reason: `the Electron binary is not available: ${p.electron.error}` }
  if (p.platform === 'linux' && !p.display)
    return {
      kind: 'browser',
      reason: 'there is no desktop session here (no $DISPLAY or $WAYLAND_DISPLAY)',
    }
  return { kind: 'electron', binary: p.electron.binary }
}

/**
 * The binary's path in what the probe printed: its last line. The `electron` package prints
 * "Downloading Electron binary..." (and progress) on stdout first when it fetches the binary.
 */
export function binaryFromProbe(stdout: string): string | null {
  const lines = stdout.split(/\r?\n/).map((l) => l.trim())
  return lines.filter(Boolean).at(-1) ?? null
}

/**
 * Finds the Electron binary the way the `electron` package does, which downloads it when it is
 * missing (its install script is not run by npm here); gives the reason when that fails. `cwd`:
 * where `electron` is resolved from (the checkout).
 */
export function probeElectron(cwd = process.cwd()): Probe['electron'] {
  const r = spawnSync(
    process.execPath,
    ['-e', 'process.stdout.write("\\n" + require("electron") + "\\n")'],
    { cwd, encoding: 'utf8', timeout: 180_000 },
  )
  const binary = binaryFromProbe(r.stdout)
  if (r.status === 0 && binary && existsSync(binary)) return { binary }
  const stderr = r.stderr
  if (/fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT/.test(stderr))
    return {
      error: 'it is not installed and downloading it from GitHub failed (no internet access?)',
    }
  const line = stderr.split('\n').find((l) => /error/i.test(l))
  return { error: line?.trim() ?? `its probe ended with ${String(r.status ?? r.signal)}` }
}

/**
 * Why Electron ended within seconds of starting, when its output says (else null: the user quit,
 * or the app failed in a way browser mode would share). Ubuntu 23.10 and later restrict
 * unprivileged user namespaces with AppArmor, and Chromium's sandbox then aborts at start.
 */
export function earlyExitReason(code: number | null, stderr: string): string | null {
  if (code === 0) return null
  if (/SUID sandbox helper|setuid sandbox|user namespaces?/i.test(stderr))
    return "Electron's sandbox could not start: this Linux restricts unprivileged user namespaces (AppArmor on Ubuntu 23.10 and later; see README, Desktop app)"
  if (/cannot open display|Missing X server|Gtk-WARNING.*cannot open/i.test(stderr))
    return 'Electron could not open a window on this display'
  const line = stderr.split('\n').find((l) => /error|fatal/i.test(l))
  return `Electron stopped at start (exit code ${String(code)}${line ? `: ${line.trim()}` : ''})`
}
