/**
 * The desktop shell: one sandboxed window on the app:// protocol, native menus, and the engine in
 * a utilityProcess behind the one API contract. `npm run build:electron` bundles this file.
 */
import { join } from 'node:path'
import { app, BrowserWindow, dialog, Menu, screen, session } from 'electron'
import { superviseEngine } from '../main/host/supervisor'
import { minimumFor } from './bounds'
import { guardUnload, reloadGoneRenderer } from './contentsGuards'
import { handleDocumentCalls } from './documents'
import { handleDownloads } from './downloads'
import { utilitySpawner } from './engineProcess'
import { connectEngine, handleEngineCalls } from './ipc'
import { buildMenu } from './menu'
import { documentsInArgv, PendingDocuments } from './openFiles'
import { registerAppScheme, serveRenderer } from './protocol'
import { APP_ORIGIN, hardenApp } from './security'
import { windowHolder } from './windowHolder'
import { loadWindowState, trackWindowState } from './windowState'

const RENDERER_ROOT = join(import.meta.dirname, '..', 'renderer')
const PRELOAD = join(import.meta.dirname, 'preload.cjs')

// A second start hands its arguments (documents to open) to the first and ends here, before it
// registers anything.
if (!app.requestSingleInstanceLock()) {
  app.exit(0)
  process.exit(0)
}
registerAppScheme()

/** Documents the desktop asked to open; the window takes them when it is ready. */
const pending = new PendingDocuments()
for (const path of documentsInArgv(process.argv, process.cwd())) pending.add(path)
// macOS opens documents through an event, possibly before the app is ready.
app.on('open-file', (event, path) => {
  event.preventDefault()
  pending.add(path)
  windows?.open().focus()
})

/** Asks before a window with unsaved edits closes. */
const askLeave = (win: BrowserWindow): 'leave' | 'stay' =>
  dialog.showMessageBoxSync(win, {
    type: 'question',
    buttons: ['Leave', 'Stay'],
    defaultId: 1,
    cancelId: 1,
    title: 'Unsaved changes',
    message: 'The graph has unsaved changes.',
    detail: 'Leave without saving them? (A recovery copy is kept until the next start.)',
  }) === 0
    ? 'leave'
    : 'stay'

function createWindow(engine: ReturnType<typeof superviseEngine>): BrowserWindow {
  const state = loadWindowState()
  const win = new BrowserWindow({
    ...state.bounds,
    ...(() => {
      const min = minimumFor(screen.getDisplayMatching(state.bounds).workArea)
      return { minWidth: min.width, minHeight: min.height }
    })(),
    title: 'Latent Studio',
    show: false,
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      // A middle click on a link would otherwise open it in a new app window.
      disableBlinkFeatures: 'Auxclick',
    },
  })
  trackWindowState(win)
  connectEngine(engine, win)
  guardUnload(win.webContents, () => askLeave(win))
  reloadGoneRenderer(win.webContents, (message) => {
    console.error(message)
    void dialog.showMessageBox(win, { type: 'warning', message })
  })
  win.webContents.on('did-finish-load', () => {
    pending.onWaiting(() => {
      win.webContents.send('documents:waiting')
    })
  })
  win.once('closed', () => {
    pending.onWaiting(null)
  })
  win.once('ready-to-show', () => {
    // Maximized before it is shown, a window would show blank.
    if (state.maximized) win.maximize()
    win.show()
  })
  void win.loadURL(`${APP_ORIGIN}/index.html`)
  return win
}

/** The window, once the app is ready. */
let windows: ReturnType<typeof windowHolder<BrowserWindow>> | null = null

void app.whenReady().then(() => {
  hardenApp()
  serveRenderer(RENDERER_ROOT)
  handleDownloads(session.defaultSession, app.getPath('downloads'))
  const engine = superviseEngine(utilitySpawner(), (line) => {
    console.error(line)
  })
  const holder = windowHolder(() => createWindow(engine))
  windows = holder
  handleEngineCalls(engine)
  handleDocumentCalls(holder.current, pending)
  Menu.setApplicationMenu(buildMenu(holder.open))
  holder.open()
  app.on('second-instance', (_event, argv, workingDirectory) => {
    for (const path of documentsInArgv(argv, workingDirectory)) pending.add(path)
    const win = holder.open()
    if (win.isMinimized()) win.restore()
    win.focus()
  })
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) holder.open()
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('will-quit', () => {
    void engine.close()
  })
})
