import { mkdtempSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { WebSocket } from 'ws'
import type { EngineEvent, ServerMessage, WireTrainEvent } from '../../../common/api'
import { loadTemplate } from '../../../main/documents/templates'
import { inProcessEngine } from '../../../main/host/inProcess'
import { fromJson } from '../../../common/wire'
import { openSocket } from '../../helpers/socket'
import { startBrowserServer, type BrowserServer } from '../../../main/server/serve'
import { templateIds } from '../../../main/documents/templates'

let server: BrowserServer
const events: EngineEvent[] = []

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'ls-serve-'))
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Latent Studio</title>')
  const engine = inProcessEngine('browser')
  engine.onEvent((e) => events.push(e))
  server = await startBrowserServer({ root, engine })
})
afterAll(async () => {
  await server.close()
})

const origin = () => `http://127.0.0.1:${server.port}`

function get(
  path: string,
  host = `127.0.0.1:${server.port}`,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path, headers: { host } },
      (res) => {
        let body = ''
        res.on('data', (c: Buffer) => (body += c.toString()))
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body })
        })
      },
    )
    req.on('error', reject)
    req.end()
  })
}

/** Opens a socket; resolves with it when the server accepts, or with the HTTP status it refused with. */
function connect(opts: { token?: string; origin?: string }): Promise<WebSocket | number> {
  const query = opts.token === undefined ? '' : `?token=${opts.token}`
  return openSocket(`ws://127.0.0.1:${server.port}/api${query}`, {
    origin: opts.origin ?? origin(),
  })
}

let nextId = 1
/** Sends a raw message and waits for the reply with its id. */
function call(ws: WebSocket, message: unknown): Promise<ServerMessage> {
  const id = typeof message === 'object' && message !== null && 'id' in message ? message.id : -1
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      const m = fromJson(data.toString()) as ServerMessage
      if ('id' in m && m.id === id) {
        ws.off('message', onMessage)
        resolve(m)
      }
    }
    ws.on('message', onMessage)
    ws.send(typeof message === 'string' ? message : JSON.stringify(message))
  })
}
const api = (ws: WebSocket, c: string, req: unknown) =>
  call(ws, { id: nextId++, call: c, request: req })

test('serves the app on loopback and refuses other hosts (DNS rebinding) and paths outside it', async () => {
  expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/)
  const index = await get('/')
  expect(index.status).toBe(200)
  expect(index.body).toContain('<title>Latent Studio</title>')
  expect((await get('/', `evil.example:${server.port}`)).status).toBe(421)
  const traversal = await get('/..%2f..%2fpackage.json')
  expect(traversal.status).toBe(404)
  expect(traversal.body).not.toContain('latent-studio')
})

test('a socket needs the launch token and this server’s origin', async () => {
  expect(await connect({})).toBe(403)
  expect(await connect({ token: 'x'.repeat(server.token.length) })).toBe(403)
  expect(await connect({ token: server.token, origin: 'http://evil.example' })).toBe(403)
  const ws = await connect({ token: server.token })
  expect(ws).toBeInstanceOf(WebSocket)
  if (ws instanceof WebSocket) ws.close()
})

test('calls go through the contract; malformed messages and requests are refused with a reason', async () => {
  const ws = await connect({ token: server.token })
  if (!(ws instanceof WebSocket)) throw new Error('not connected')
  const templates = await api(ws, 'templates:list', {})
  expect(templates).toMatchObject({ ok: true })
  expect(
    'response' in templates && Array.isArray(templates.response) && templates.response.length,
  ).toBe(templateIds().length)

  const bad = await api(ws, 'graph:validate', {
    doc: {
      format: 'latent-studio.graph',
      version: 1,
      nodes: [{ id: 'a', kind: 'dense', params: { units: -1 } }],
    },
  })
  expect(bad).toMatchObject({
    ok: true,
    response: {
      ok: false,
      errors: [{ path: 'nodes[0].params.units', message: 'expected positive integer' }],
    },
  })
  expect(await api(ws, 'fs:readFile', { path: '/etc/passwd' })).toMatchObject({
    ok: false,
    error: 'malformed message: expected {id, call, request} with a known call',
  })
  expect(await api(ws, 'templates:load', {})).toMatchObject({
    ok: false,
    error: expect.stringMatching(/^templates:load: id: /) as unknown,
  })
  expect(await call(ws, '{not json')).toMatchObject({ id: -1, ok: false })

  const datasets = await api(ws, 'datasets:discover', {})
  expect(datasets).toMatchObject({
    ok: true,
    response: [{ kind: 'embedded', available: true }, { kind: 'fashion-mnist' }],
  })
  const full =
    'response' in datasets && Array.isArray(datasets.response)
      ? (datasets.response[1] as { available: boolean; path?: string; reason?: string })
      : null
  expect(full?.available ? full.path : full?.reason).toMatch(/fashion-mnist/)
  const backends = await api(ws, 'backends:list', {})
  expect(backends).toMatchObject({
    ok: true,
    response: expect.arrayContaining([
      {
        name: 'wasm',
        available: true,
        note: 'with Latent Studio’s WebAssembly SIMD training kernels',
      },
    ]) as unknown,
  })
  expect(await api(ws, 'train:stop', { runId: 'run-nope' })).toMatchObject({
    ok: true,
    response: { ok: false },
  })
  ws.close()
})

test('a training run started over the socket streams its progress and ends', async () => {
  const ws = await connect({ token: server.token })
  if (!(ws instanceof WebSocket)) throw new Error('not connected')
  const received: WireTrainEvent[] = []
  const finished = new Promise<void>((resolve) => {
    ws.on('message', (data: Buffer) => {
      const m = fromJson(data.toString()) as ServerMessage
      if ('event' in m && m.event.type === 'train:event') {
        received.push(m.event.event)
        if (['done', 'failed', 'stopped'].includes(m.event.event.type)) resolve()
      }
    })
  })
  const vae = loadTemplate('vae')
  if (!vae.ok) throw new Error('no vae')
  const started = await api(ws, 'train:start', { doc: vae.value, epochs: 1, limit: 256 })
  expect(started).toMatchObject({
    ok: true,
    response: { ok: true, runId: expect.stringMatching(/^run-/) as unknown },
  })
  // One run at a time.
  expect(await api(ws, 'train:start', { doc: vae.value })).toMatchObject({
    response: { ok: false },
  })
  await finished
  const types = received.map((e) => e.type)
  expect(types[0]).toBe('start')
  expect(types).toContain('epoch')
  expect(types.at(-1)).toBe('done')
  const preview = received.find((e) => e.type === 'preview')
  expect(preview?.type === 'preview' && Buffer.from(preview.png).subarray(1, 4).toString()).toBe(
    'PNG',
  )
  const epoch = received.find((e) => e.type === 'epoch')
  expect(epoch?.type === 'epoch' && Number.isFinite(epoch.metrics['loss'])).toBe(true)
  expect(events.length).toBe(received.length)
  ws.close()
}, 120_000)
