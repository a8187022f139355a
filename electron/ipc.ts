import { ipcMain, MessageChannelMain, type BrowserWindow, type MessagePortMain } from 'electron'
import type { EngineEvent } from '../main/api'
import type { EngineConnection } from '../main/host/connection'
import { isAppUrl } from './security'

/** Batch progress at most this often per window (previews and epochs always pass). */
const BATCH_INTERVAL_MS = 100

/**
 * Wires a window to the engine: calls arrive on `engine:call` (sender checked, payload left to the
 * engine's contract check), events leave on a MessagePort given to the page after each load, so
 * preview bytes reach the renderer without a copy through JSON.
 */
export function connectEngine(engine: EngineConnection, win: BrowserWindow): void {
  let port: MessagePortMain | null = null
  let lastBatch = 0
  const givePort = () => {
    port?.close()
    const channel = new MessageChannelMain()
    port = channel.port1
    port.start()
    win.webContents.postMessage('engine:port', null, [channel.port2])
  }
  win.webContents.on('did-finish-load', givePort)
  const off = engine.onEvent((e: EngineEvent) => {
    if (e.type === 'train:event' && e.event.type === 'batch') {
      const now = Date.now()
      if (now - lastBatch < BATCH_INTERVAL_MS) return
      lastBatch = now
    }
    port?.postMessage(e)
  })
  win.on('closed', () => {
    off()
    port?.close()
  })
}

/** The one IPC handler: every call from a page of the app goes to the engine, nothing else does. */
export function handleEngineCalls(engine: EngineConnection): void {
  ipcMain.handle('engine:call', (event, raw: unknown) => {
    if (!isAppUrl(event.senderFrame?.url)) throw new Error('refused: not the app')
    return engine.request(raw)
  })
}
