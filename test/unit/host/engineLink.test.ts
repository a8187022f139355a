import { afterAll, expect, test } from 'vitest'
import type { EngineEvent, ServerMessage } from '../../../common/api'
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

test('killing the engine mid-run: a new engine starts, the run is marked and its last epoch’s weights export', async () => {
  const firstPid = engine.pid()
  const started = response(
    await engine.request({
      id: 1,
      call: 'train:start',
      request: { doc: loadTemplateDoc('vae'), epochs: 50 },
    }),
  ) as { ok: true; runId: string }
  // Kill it once an epoch's checkpoint is on disk, in the middle of a later epoch.
  const record = async () =>
    (
      response(
        await engine.request({ id: 9, call: 'runs:get', request: { runId: started.runId } }),
      ) as { record: { checkpoint: boolean; checkpointEpoch?: number } }
    ).record
  await expect.poll(async () => (await record()).checkpoint, { timeout: 30_000 }).toBe(true)
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
  const killed = runs.find((r) => r.id === started.runId)
  expect(killed?.status).toBe('interrupted')
  const [, during, kept] =
    /^interrupted: the process training it stopped during epoch (\d+); the weights of epoch (\d+) are kept, and training can continue from them$/.exec(
      killed?.message ?? '',
    ) ?? []
  expect(Number(kept)).toBeGreaterThanOrEqual(1)
  expect(Number(during)).toBeGreaterThan(Number(kept))
  // Those weights are whole: the run exports (the checkpoint loads into the graph).
  const exported = response(
    await engine.request({
      id: 3,
      call: 'runs:export',
      request: { runId: started.runId, formats: ['tfjs'] },
    }),
  ) as { ok: boolean; files?: string[] }
  expect(exported).toMatchObject({ ok: true })
}, 90_000)

test('a burst of calls and a large document are each answered once, by the living engine', async () => {
  // 3,000 calls back to back: the IPC channel queues them (child.send answers false under
  // back-pressure); none may be failed as if the engine were gone.
  const burst = await Promise.all(
    Array.from({ length: 3000 }, (_, i) =>
      engine.request({ id: 10_000 + i, call: 'app:info', request: {} }),
    ),
  )
  expect(burst.filter((m) => 'ok' in m && m.ok).length).toBe(3000)
  expect(new Set(burst.map((m) => ('id' in m ? m.id : -1))).size).toBe(3000)
  // A schema-legal document of about 800 KB (labelled blocks beside the VAE) is validated.
  const vae = loadTemplateDoc('vae')
  const extra = Array.from({ length: 3000 }, (_, i) => ({
    id: `note_${String(i)}`,
    kind: 'dense',
    label: `${String(i)} `.padEnd(200, 'x'),
    params: { units: 8 },
    position: { x: i, y: i },
  }))
  const big = { ...vae, nodes: [...vae.nodes, ...extra] }
  expect(JSON.stringify(big).length).toBeGreaterThan(800_000)
  const validated = response(
    await engine.request({ id: 99, call: 'graph:validate', request: { doc: big } }),
  ) as { ok: boolean; valid: boolean }
  expect(validated.ok).toBe(true)
  expect(validated.valid).toBe(false) // the extra blocks have no input: problems, not a failure
}, 60_000)

test('the engine answers within a second while a run computes (a DCGAN step on 256 images)', async () => {
  // Training steps, validation, previews and checkpoints run in the engine's training thread: the
  // thread answering calls never waits on them (on that thread one such step took about 3 s).
  const dcgan = loadTemplateDoc('dcgan')
  const doc = { ...dcgan, training: { ...dcgan.training, batchSize: 256 } }
  const ended = nextEvent(
    (e) => e.type === 'train:event' && ['done', 'stopped', 'failed'].includes(e.event.type),
  )
  const run = { training: true }
  void ended.then(() => (run.training = false))
  response(
    await engine.request({
      id: 20,
      call: 'train:start',
      request: { doc, epochs: 1, limit: 256, threads: 1 },
    }),
  )
  const waits: number[] = []
  while (run.training) {
    const t0 = performance.now()
    expect(await engine.request({ id: 21, call: 'app:info', request: {} })).toMatchObject({
      ok: true,
    })
    waits.push(performance.now() - t0)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  expect(await ended).toMatchObject({ event: { type: 'done' } })
  expect(waits.length).toBeGreaterThan(20)
  expect(Math.max(...waits)).toBeLessThan(1000)
}, 60_000)
