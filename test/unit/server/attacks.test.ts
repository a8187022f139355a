// Attacks on browser mode, each tried for real against a running server: other hosts (DNS
// rebinding), other origins, missing or wrong tokens, paths out of the app's folder, malformed
// and hostile messages. After all of them the server still answers its own page.
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { connect as connectTcp } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { WebSocket } from 'ws'
import type { ServerMessage } from '../../../common/api'
import { inProcessEngine } from '../../../main/host/inProcess'
import { startBrowserServer, type BrowserServer } from '../../../main/server/serve'
import { fromJson } from '../../../common/wire'
import { TOO_DEEP } from '../../../common/nesting'
import { dispatch } from '../../../main/host/dispatch'
import { createEngineHost } from '../../../main/host/engineHost'
import { FUZZ_RUNS, Tally } from '../../helpers/fuzz'
import { openSocket } from '../../helpers/socket'

let server: BrowserServer
const logged: string[] = []
const attacks = new Tally('browser-mode attacks')

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'ls-attack-'))
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Latent Studio</title>')
  // A secret beside the app's folder, which no path may reach, and links inside the folder to it
  // and to a system file.
  writeFileSync(join(root, '..', 'ls-secret.txt'), 'SECRET')
  symlinkSync(join(root, '..', 'ls-secret.txt'), join(root, 'leak.txt'))
  symlinkSync('/etc/passwd', join(root, 'passwd.txt'))
  server = await startBrowserServer({
    root,
    engine: inProcessEngine('browser', (l) => logged.push(l)),
    log: (l) => logged.push(l),
  })
})
afterAll(async () => {
  await server.close()
  console.info(attacks.summary())
})

interface Reply {
  readonly status: number
  readonly body: string
  readonly headers: Record<string, string | string[] | undefined>
}

/** A raw HTTP request with the exact path and headers given (no client-side normalizing). */
function raw(path: string, headers: Record<string, string>): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path, headers, method: 'GET' },
      (res) => {
        let body = ''
        res.on('data', (c: Buffer) => (body += c.toString()))
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body, headers: res.headers })
        })
      },
    )
    req.on('error', reject)
    req.end()
  })
}
const host = () => `127.0.0.1:${server.port}`
const origin = () => `http://127.0.0.1:${server.port}`

const connect = (path: string, headers: Record<string, string>) =>
  openSocket(`ws://127.0.0.1:${server.port}${path}`, headers)

describe('HTTP', () => {
  test.each([
    ['another site’s name (DNS rebinding)', 'evil.example:80'],
    ['a look-alike of the loopback name', '127.0.0.1.evil.example'],
  ])('the page is refused to %s', async (_what, h) => {
    attacks.add('refused host')
    const r = await raw('/', { host: h })
    expect(r.status).toBe(421)
    expect(r.body).not.toContain('Latent Studio')
  })

  test('the page is refused to a request without a Host header (HTTP/1.0)', async () => {
    attacks.add('refused host')
    const socket = connectTcp(server.port, '127.0.0.1')
    const reply = await new Promise<string>((resolve) => {
      let text = ''
      socket.on('data', (c: Buffer) => (text += c.toString()))
      socket.on('close', () => {
        resolve(text)
      })
      socket.write('GET / HTTP/1.0\r\n\r\n')
    })
    expect(reply).toMatch(/^HTTP\/1\.1 421/)
    expect(reply).not.toContain('Latent Studio')
  })

  test.each([
    '/../ls-secret.txt',
    '/%2e%2e/ls-secret.txt',
    '/..%2fls-secret.txt',
    '/%2e%2e%2fls-secret.txt',
    '/..%5cls-secret.txt',
    '//..//ls-secret.txt',
    '/index.html%00.png',
    '/%E0%A4%A',
    '/%',
  ])('%s does not leave the app’s folder (or crash the server)', async (path) => {
    attacks.add('refused path')
    const r = await raw(path, { host: host() })
    expect([400, 403, 404]).toContain(r.status)
    expect(r.body).not.toContain('SECRET')
  })

  test.each(['/leak.txt', '/passwd.txt'])(
    'a link in the app’s folder to a file outside it (%s) is not followed',
    async (path) => {
      attacks.add('refused path')
      const r = await raw(path, { host: host() })
      expect(r.status).toBe(403)
      expect(r.body).not.toContain('SECRET')
      expect(r.body).not.toContain('root:')
    },
  )

  test('the page forbids framing, sniffing and sending its token on as a referrer', async () => {
    attacks.add('headers checked')
    const r = await raw('/', { host: host() })
    expect(r.status).toBe(200)
    expect(r.headers['referrer-policy']).toBe('no-referrer')
    expect(r.headers['x-content-type-options']).toBe('nosniff')
    expect(String(r.headers['content-security-policy'])).toContain("frame-ancestors 'none'")
  })

  test('the server listens on the loopback address only', () => {
    expect(server.url.startsWith(`http://127.0.0.1:${server.port}/`)).toBe(true)
  })
})

describe('WebSocket handshake', () => {
  const good = () => ({ host: host(), origin: origin() })
  const cases: [string, () => string, () => Record<string, string>][] = [
    ['no token', () => '/api', good],
    [
      'a wrong token of the right length',
      () => `/api?token=${'A'.repeat(server.token.length)}`,
      good,
    ],
    ['a prefix of the token', () => `/api?token=${server.token.slice(0, 8)}`, good],
    ['the token and more', () => `/api?token=${server.token}x`, good],
    [
      'another site’s origin',
      () => `/api?token=${server.token}`,
      () => ({ ...good(), origin: 'https://evil.example' }),
    ],
    [
      'the null origin (sandboxed frames, files)',
      () => `/api?token=${server.token}`,
      () => ({ ...good(), origin: 'null' }),
    ],
    ['no origin', () => `/api?token=${server.token}`, () => ({ host: host() })],
    [
      'another host (DNS rebinding)',
      () => `/api?token=${server.token}`,
      () => ({ ...good(), host: 'evil.example' }),
    ],
    ['another path', () => `/api2?token=${server.token}`, good],
  ]
  test.each(cases)('%s is refused and logged', async (_what, path, headers) => {
    attacks.add('refused connection')
    const before = logged.length
    const r = await connect(path(), headers())
    if (typeof r !== 'number') r.close()
    expect(r).toBe(403)
    expect(logged.slice(before).join('\n')).toMatch(/refused a connection/)
  })
})

describe('messages on an accepted socket', () => {
  let ws: WebSocket
  beforeAll(async () => {
    const r = await connect(`/api?token=${server.token}`, { host: host(), origin: origin() })
    if (typeof r === 'number') throw new Error(`refused: ${String(r)}`)
    ws = r
  })
  afterAll(() => {
    ws.close()
  })

  let nextId = 1000
  /** Sends `text` and waits for the reply with `id` (any reply when `id` is null). */
  function send(text: string | Buffer, id: number | null): Promise<ServerMessage> {
    return new Promise((resolve) => {
      const onMessage = (data: Buffer) => {
        const m = fromJson(data.toString()) as ServerMessage
        if ('id' in m && (id === null || m.id === id)) {
          ws.off('message', onMessage)
          resolve(m)
        }
      }
      ws.on('message', onMessage)
      ws.send(text)
    })
  }
  const call = (c: string, request: unknown) => {
    const id = nextId++
    return send(JSON.stringify({ id, call: c, request }), id)
  }

  test.each([
    ['text that is not JSON', 'not json {', /not JSON/],
    ['a binary frame', Buffer.from([1, 2, 3]), /malformed message/],
  ])('%s is refused and logged', async (_what, text, log) => {
    attacks.add('refused message')
    const before = logged.length
    const r = await send(text, -1)
    expect(r).toMatchObject({ ok: false })
    expect(logged.slice(before).join('\n')).toMatch(log)
  })

  test.each([
    ['an unknown call', 'fs:readFile', { path: '/etc/passwd' }, /malformed message/],
    [
      'a shell call over the socket',
      'documents:save',
      { text: 'x', suggestedName: 'x' },
      /malformed message/,
    ],
    [
      'an export file out of the run',
      'runs:exportFile',
      { runId: 'run-1', path: '../../../etc/passwd' },
      /expected a file of the export/,
    ],
    [
      'an absolute export file',
      'runs:exportFile',
      { runId: 'run-1', path: '/etc/passwd' },
      /expected a file of the export/,
    ],
    ['a run id with a path in it', 'runs:get', { runId: 'run-1/../../x' }, /expected a run id/],
    ['a template id with a path in it', 'templates:load', { id: '../package' }, null],
    ['threads beyond the limit', 'train:start', { doc: {}, threads: 10_000 }, /threads/],
  ])('%s is refused', async (_what, c, request, error) => {
    attacks.add('refused call')
    const r = await call(c, request)
    if (error)
      expect(r).toMatchObject({ ok: false, error: expect.stringMatching(error) as unknown })
    else expect(r).toMatchObject({ ok: true, response: { ok: false } })
  })

  test('a message nested 4,000 levels deep is answered at once with an error; the server carries on', async () => {
    attacks.add('refused message')
    const id = nextId++
    const deep = `{"id":${String(id)},"call":"graph:validate","request":{"doc":${'['.repeat(4000)}${']'.repeat(4000)}}}`
    const r = await send(deep, id)
    expect(r).toEqual({ id, ok: false, error: TOO_DEEP })
    expect(await call('app:info', {})).toMatchObject({ ok: true })
    // The same object, as an Electron port delivers it (already parsed), to the engine's dispatch.
    let doc: unknown[] = []
    for (let i = 0; i < 4000; i++) doc = [doc]
    const handlers = createEngineHost(() => undefined, 'electron')
    expect(
      await dispatch(
        handlers,
        { id: 5, call: 'graph:validate', request: { doc } },
        () => undefined,
      ),
    ).toEqual({ id: 5, ok: false, error: TOO_DEEP })
  })

  test('a prototype-polluting request pollutes nothing', async () => {
    attacks.add('refused call')
    const id = nextId++
    const r = await send(
      `{"id":${String(id)},"call":"graph:validate","request":{"doc":{"__proto__":{"polluted":1},"format":"latent-studio.graph","version":1,"nodes":[{"id":"a","kind":"input","params":{"__proto__":{"polluted":1},"shape":[4]}}]}}}`,
      id,
    )
    expect('id' in r && r.id).toBe(id)
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })

  test('thousands of random messages are each answered with a refusal, and the server carries on', async () => {
    const t = new Tally('random socket messages')
    const message = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc
        .record({
          id: fc.oneof(fc.integer(), fc.double(), fc.string()),
          call: fc.oneof(fc.string(), fc.constantFrom('runs:get', 'train:stop', 'runs:decode')),
          request: fc.jsonValue(),
        })
        .map((m) => JSON.stringify(m)),
      fc.string(),
    )
    const samples = fc.sample(message, { numRuns: FUZZ_RUNS ?? 2_000, seed: 11 })
    // One message at a time, so the next reply is this message's, whatever id it claimed.
    for (const text of samples) {
      const r = await send(text, null)
      t.add('ok' in r && r.ok ? 'answered' : 'refused')
    }
    console.info(t.summary())
    attacks.add('random messages')
    expect(t.total).toBe(samples.length)
    const info = await call('app:info', {})
    expect(info).toMatchObject({ ok: true })
  }, 120_000)

  test('a message over the size limit closes that socket only', async () => {
    attacks.add('oversized message')
    const closed = new Promise<number>((resolve) =>
      ws.once('close', (code) => {
        resolve(code)
      }),
    )
    const before = logged.length
    ws.send(Buffer.alloc(33 * 1024 * 1024, 0x20).toString())
    expect(await closed).toBe(1009)
    expect(logged.slice(before).join('\n')).toMatch(/closed a socket: Max payload size exceeded/)
    const again = await raw('/', { host: host() })
    expect(again.status).toBe(200)
  })
})
