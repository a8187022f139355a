import { Buffer } from 'node:buffer'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile, realpath, stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { WebSocketServer, type WebSocket } from 'ws'
import type { EngineEvent, ServerMessage } from '../../common/api'
import type { EngineConnection } from '../host/connection'
import { MALFORMED } from '../host/dispatch'
import { jsonNestsDeeper, TOO_DEEP } from '../../common/nesting'
import { toJson } from '../../common/wire'

/** Browser mode: the built renderer over HTTP and the API contract over a WebSocket, on loopback only. */
export interface BrowserServer {
  /** The address to open, with the per-launch token. */
  readonly url: string
  readonly port: number
  readonly token: string
  close(): Promise<void>
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
}

const HOSTS = (port: number) => new Set([`127.0.0.1:${port}`, `localhost:${port}`])
const ORIGINS = (port: number) => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`])

function sameToken(given: string | null, token: string): boolean {
  if (given === null) return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

const within = (root: string, file: string) => file === root || file.startsWith(root + sep)

/** Serves a file from `root`, never outside it. */
async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let path: string
  try {
    path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
  } catch {
    // A malformed escape (%E0%A4%A) threw out of this handler and took the server down.
    res.writeHead(400).end('bad path')
    return
  }
  const asked = resolve(root, `.${normalize(path === '/' ? '/index.html' : path)}`)
  if (!within(root, asked)) {
    res.writeHead(403).end()
    return
  }
  // The check is on the real path too: a link inside the folder may point out of it.
  const file = await realpath(asked).catch(() => null)
  if (file !== null && !within(await realpath(root), file)) {
    res.writeHead(403).end()
    return
  }
  try {
    if (file === null || !(await stat(file)).isFile()) throw new Error('not a file')
    const body = await readFile(file)
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'x-content-type-options': 'nosniff',
      // The page's address holds the token: never send it on as a referrer.
      'referrer-policy': 'no-referrer',
      'content-security-policy':
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    })
    res.end(body)
  } catch {
    res.writeHead(404).end('not found')
  }
}

/**
 * Starts browser mode on 127.0.0.1. Every WebSocket connection must carry the per-launch token and
 * come from this server's own origin and host (no other site, no DNS rebinding); every message is
 * parsed against the contract before a handler sees it.
 */
export async function startBrowserServer(opts: {
  readonly root: string
  /** The engine every page talks to (its own process under `serve`). */
  readonly engine: EngineConnection
  readonly port?: number
  readonly token?: string
  readonly log?: (line: string) => void
}): Promise<BrowserServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url')
  const root = resolve(opts.root)
  const log = opts.log ?? (() => undefined)
  const http: Server = createServer((req, res) => {
    if (!HOSTS(port).has(req.headers.host ?? '')) {
      res.writeHead(421).end('wrong host')
      return
    }
    serveStatic(root, req, res).catch((e: unknown) => {
      log(`failed to serve ${req.url ?? ''}: ${String(e)}`)
      if (!res.headersSent) res.writeHead(500).end()
    })
  })
  const wss = new WebSocketServer({ noServer: true, maxPayload: 32 * 1024 * 1024 })
  let port = 0
  http.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const allowed =
      url.pathname === '/api' &&
      HOSTS(port).has(req.headers.host ?? '') &&
      ORIGINS(port).has(req.headers.origin ?? '') &&
      sameToken(url.searchParams.get('token'), token)
    if (!allowed) {
      log(`refused a connection from origin ${req.headers.origin ?? '(none)'}`)
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      wss.emit('connection', ws, req)
    })
  })
  wss.on('connection', (ws: WebSocket) => {
    // Without a listener, a socket error (a message over maxPayload) would be thrown and end the server.
    ws.on('error', (e) => {
      log(`closed a socket: ${e.message}`)
    })
    ws.on('message', (data, isBinary) => {
      const bytes = Array.isArray(data)
        ? Buffer.concat(data)
        : Buffer.isBuffer(data)
          ? data
          : Buffer.from(new Uint8Array(data))
      answer(ws, isBinary ? null : bytes.toString('utf8'), opts.engine, log).catch((e: unknown) => {
        log(`failed to answer a message: ${String(e)}`)
      })
    })
  })
  // Every page sees the engine's events (one engine, one run at a time).
  const unsubscribe = opts.engine.onEvent((event: EngineEvent) => {
    const text = toJson({ event } satisfies ServerMessage)
    for (const client of wss.clients) client.send(text)
  })
  await new Promise<void>((done, fail) => {
    http.once('error', fail)
    http.listen(opts.port ?? 0, '127.0.0.1', done)
  })
  port = (http.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      unsubscribe()
      for (const client of wss.clients) client.terminate()
      await new Promise<void>((done) => {
        wss.close(() => {
          done()
        })
      })
      await new Promise<void>((done) =>
        http.close(() => {
          done()
        }),
      )
    },
  }
}

/** Passes one socket message to the engine, which checks it against the contract, and replies. */
async function answer(
  ws: WebSocket,
  text: string | null,
  engine: EngineConnection,
  log: (l: string) => void,
): Promise<void> {
  let raw: unknown
  // Bounded before it is parsed and passed on (structured clone and the schema check recurse).
  if (text !== null && jsonNestsDeeper(text)) {
    log('refused a message nested too deep')
    const id = /^\s*\{\s*"id"\s*:\s*(\d{1,15})\s*,/.exec(text)?.[1]
    ws.send(
      toJson({ id: id ? Number(id) : -1, ok: false, error: TOO_DEEP } satisfies ServerMessage),
    )
    return
  }
  try {
    raw = text === null ? null : JSON.parse(text)
  } catch {
    log('refused a message that is not JSON')
    ws.send(toJson({ id: -1, ok: false, error: MALFORMED } satisfies ServerMessage))
    return
  }
  ws.send(toJson(await engine.request(raw)))
}

/** Where the built renderer lives in a checkout or package. */
export const RENDERER_DIR = join(import.meta.dirname, '..', '..', 'dist', 'renderer')
