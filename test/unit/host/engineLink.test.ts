import { afterAll, expect, test } from 'vitest'
import type { EngineEvent, ServerMessage } from '../../../main/api'
import { forkEngine } from '../../../main/host/engineLink'
import { loadTemplateDoc } from '../../helpers/templates'

const engine = forkEngine()
const events: EngineEvent[] = []
engine.onEvent((e) => events.push(e))
afterAll(async () => {
  await engine.close()
})

/** Resolves with the first event that matches. */
const nextEvent = (match: (e: EngineEvent) => boolean) =>
  new Promise<EngineEvent>((resolve) => {
    const off = engine.onEvent((e) => {
      if (!match(e)) return
      off()
      resolve(e)
    })
  })

const response = (m: ServerMessage) => {
  if ('event' in m || !m.ok) throw new Error(JSON.stringify(m))
  return m.response
}

test('the engine answers in its own process, with the caller’s ids; bad messages are refused', async () => {
  const info = await engine.request({ id: 41, call: 'app:info', request: {} })
  expect(info).toEqual({
    id: 41,
    ok: true,
    response: { apiVersion: 1, engineVersion: '0.1.0', mode: 'browser' },
  })
  expect(engine.pid()).not.toBe(process.pid)
  expect(await engine.request({ id: 7, call: 'shell:exec', request: { cmd: 'rm -rf /' } })).toEqual(
    {
      id: 7,
      ok: false,
      error: 'malformed message: expected {id, call, request} with a known call',
    },
  )
  expect(await engine.request('text')).toMatchObject({ id: -1, ok: false })
})

test('killing the engine mid-run: the call fails with a reason, a new engine starts, the run is marked', async () => {
  const firstPid = engine.pid()
  const started = response(
    await engine.request({
      id: 1,
      call: 'train:start',
      request: { doc: loadTemplateDoc('vae'), epochs: 50 },
    }),
  ) as { ok: true; runId: string }
  await nextEvent((e) => e.type === 'train:event' && e.event.type === 'batch')
  const restarted = nextEvent((e) => e.type === 'engine:restarted')
  const ready = nextEvent((e) => e.type === 'log' && e.message.includes('ready'))
  process.kill(firstPid ?? 0, 'SIGKILL')
  expect(await restarted).toMatchObject({
    type: 'engine:restarted',
    message: expect.stringContaining('the engine process stopped (SIGKILL)') as unknown,
  })
  expect(engine.pid()).not.toBe(firstPid)
  // The new engine answers, and its history shows the killed run as interrupted, not training.
  await ready
  const runs = response(await engine.request({ id: 2, call: 'runs:list', request: {} })) as {
    id: string
    status: string
    message?: string
  }[]
  expect(runs.find((r) => r.id === started.runId)).toMatchObject({
    status: 'failed',
    message: 'the engine process stopped during epoch 1; no weights were saved',
  })
}, 60_000)
