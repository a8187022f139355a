import { WebSocket } from 'ws'

/** Opens a socket to `url`; resolves with it, or with the HTTP status it was refused with (0: no answer). */
export function openSocket(
  url: string,
  headers: Record<string, string>,
): Promise<WebSocket | number> {
  const ws = new WebSocket(url, { headers })
  return new Promise((resolve) => {
    ws.once('open', () => {
      resolve(ws)
    })
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0)
    })
    ws.once('error', () => {
      resolve(0)
    })
  })
}
