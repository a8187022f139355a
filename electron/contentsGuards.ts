/** The events of a window's webContents the guards listen to (a fake one in tests). */
export interface GuardedContents {
  on(event: 'will-prevent-unload', listener: (event: { preventDefault(): void }) => void): unknown
  on(
    event: 'render-process-gone',
    listener: (event: unknown, details: { reason: string; exitCode: number }) => void,
  ): unknown
  reload(): void
}

/**
 * Closing a window whose page has unsaved edits: the page's `beforeunload` asks to stay, which
 * Electron turns into `will-prevent-unload` and, unhandled, a close that silently does nothing
 * (the app cannot quit). `ask` puts the question to the user natively; leaving lets it unload.
 */
export function guardUnload(contents: GuardedContents, ask: () => 'leave' | 'stay'): void {
  contents.on('will-prevent-unload', (event) => {
    if (ask() === 'leave') event.preventDefault()
  })
}

/**
 * A renderer that crashed or was killed leaves a dead window: it is reloaded (the document comes
 * back from its recovery copy) and `tell` says what happened. A clean exit (the window closing)
 * is not a crash.
 */
export function reloadGoneRenderer(
  contents: GuardedContents,
  tell: (message: string) => void,
): void {
  contents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit') return
    tell(
      `The window's page stopped (${details.reason}, exit code ${String(details.exitCode)}) and was reloaded; unsaved edits come back from the recovery copy.`,
    )
    contents.reload()
  })
}
