/**
 * The desktop shell: one sandboxed window on the app:// protocol, native menus, and the engine in
 * a utilityProcess behind the one API contract. `npm run build:electron` bundles this file.
 */
import { join } from 'node:path'
import { app, BrowserWindow, Menu } from 'electron'
import { superviseEngine } from '../main/host/supervisor'
import { utilitySpawner } from './engineProcess'
import { handleDocumentCalls } from './documents'
import { connectEngine, handleEngineCalls } from './ipc'
import { buildMenu } from './menu'
import { registerAppScheme, serveRenderer } from './protocol'
import { APP_ORIGIN, hardenApp } from './security'
import { loadWindowState, trackWindowState } from './windowState'

const RENDERER_ROOT = join(import.meta.dirname, '..', 'renderer')
const PRELOAD = join(import.meta.dirname, 'preload.cjs')

registerAppScheme()
if (!app.requestSingleInstanceLock()) app.quit()

let window: BrowserWindow | null = null

function createWindow(engine: ReturnType<typeof superviseEngine>): BrowserWindow {
  const state = loadWindowState()
  const win = new BrowserWindow({
    ...state.bounds,
    minWidth: 1024,
    minHeight: 700,
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
  if (state.maximized) win.maximize()
  trackWindowState(win)
  connectEngine(engine, win)
  win.once('ready-to-show', () => {
    win.show()
  })
  void win.loadURL(`${APP_ORIGIN}/index.html`)
  return win
}

void app.whenReady().then(() => {
  hardenApp()
  serveRenderer(RENDERER_ROOT)
  const engine = superviseEngine(utilitySpawner(), (line) => {
    console.error(line)
  })
  handleEngineCalls(engine)
  handleDocumentCalls(() => window)
  Menu.setApplicationMenu(buildMenu(() => window))
  window = createWindow(engine)
  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore()
    window?.focus()
  })
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) window = createWindow(engine)
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('will-quit', () => {
    void engine.close()
  })
})
