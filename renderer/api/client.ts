import type { CallName, EngineEvent, Request, Responses, ServerMessage } from '../../common/api'
import { fromJson } from '../../common/wire'

/** The engine as the renderer sees it: the same calls and events in Electron and in a browser. */
export interface EngineApi {
  call<C extends CallName>(name: C, request: Request<C>): Promise<Responses[C]>
  onEvent(listener: (e: EngineEvent) => void): () => void
}

/** What the Electron preload exposes on `window` (the desktop shell comes with the app issue). */
interface PreloadBridge {
  readonly latentStudio?: EngineApi
}

/** The engine over browser mode's WebSocket, authenticated by the token in the page's address. */
export function socketApi(url: string): Promise<EngineApi> {
  const ws = new WebSocket(url)
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  const listeners = new Set<(e: EngineEvent) => void>()
  let next = 1
  ws.addEventListener('message', (m) => {
    const msg = fromJson(String(m.data)) as ServerMessage
    if ('event' in msg) {
      for (const l of listeners) l(msg.event)
      return
    }
    const p = pending.get(msg.id)
    if (!p) return
    pending.delete(msg.id)
    if (msg.ok) p.resolve(msg.response)
    else p.reject(new Error(msg.error))
  })
  ws.addEventListener('close', () => {
    for (const p of pending.values()) p.reject(new Error('the engine connection closed'))
    pending.clear()
  })
  const api: EngineApi = {
    call: (name, request) =>
      new Promise((resolve, reject) => {
        if (ws.readyState !== WebSocket.OPEN) {
          reject(new Error('not connected to the engine'))
          return
        }
        const id = next++
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
        ws.send(JSON.stringify({ id, call: name, request }))
      }),
    onEvent: (listener) => {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
  }
  return new Promise((resolve, reject) => {
    ws.addEventListener('open', () => {
      resolve(api)
    })
    ws.addEventListener('error', () => {
      reject(new Error('the engine refused the connection (is the address’s token right?)'))
    })
  })
}

/**
 * Finds the engine: the Electron preload's bridge when present, else browser mode's socket when
 * the page was opened with its token; null when the editor runs alone (the Vite dev server).
 */
export async function connectEngine(): Promise<EngineApi | null> {
  const bridge = (window as unknown as PreloadBridge).latentStudio
  if (bridge) return bridge
  const token = new URLSearchParams(location.search).get('token')
  if (!token) return null
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  return socketApi(`${scheme}://${location.host}/api?token=${encodeURIComponent(token)}`)
}
