import { ipcMain, MessageChannelMain, type BrowserWindow, type MessagePortMain } from 'electron'
import type { EngineEvent } from '../common/api'
import type { EngineConnection } from '../main/host/connection'
import { isAppUrl } from './security'

/**
 * Wires a window to the engine: calls arrive on `engine:call` (sender checked, payload left to the
 * engine's contract check), events leave on a MessagePort given to the page after each load, so
 * preview bytes reach the renderer without a copy through JSON.
 */
export function connectEngine(engine: EngineConnection, win: BrowserWindow): void {
  let port: MessagePortMain | null = null
  const givePort = () => {
    port?.close()
    const channel = new MessageChannelMain()
    port = channel.port1
    port.start()
    win.webContents.postMessage('engine:port', null, [channel.port2])
  }
  win.webContents.on('did-finish-load', givePort)
  // The training loop already paces batch progress (4 a second).
  const off = engine.onEvent((e: EngineEvent) => {
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
    if (!isAppUrl(event.senderFrame?.url)) {
      console.warn(`refused an engine call from ${event.senderFrame?.url ?? '(no frame)'}`)
      throw new Error('refused: not the app')
    }
    // Malformed payloads are refused (and logged) by the engine's contract check.
    return engine.request(raw)
  })
}
