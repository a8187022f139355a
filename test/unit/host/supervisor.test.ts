import { expect, test } from 'vitest'
import type { EngineEvent, ServerMessage } from '../../../common/api'
import { superviseEngine, type SpawnEngine } from '../../../main/host/supervisor'

/** A pretend engine process: records what it is sent; the test speaks for it. */
function fakeSpawner() {
  const children: {
    sent: { id: number; call: string }[]
    say: (m: ServerMessage) => void
    die: (reason: string) => void
  }[] = []
  const spawn: SpawnEngine = (on) => {
    const sent: { id: number; call: string }[] = []
    let alive = true
    children.push({
      sent,
      say: on.message,
      die: (reason) => {
        alive = false
        on.exit(reason)
      },
    })
    return {
      pid: children.length,
      send: (m) => {
        if (alive) sent.push(m as { id: number; call: string })
        return alive
      },
      kill: () => {
        alive = false
        on.exit('killed')
      },
    }
  }
  return { spawn, children }
}

const ready: ServerMessage = { event: { type: 'log', level: 'info', message: 'ready' } }

test('calls wait for the engine to speak, then go out with the supervisor’s ids and come back with the caller’s', async () => {
  const { spawn, children } = fakeSpawner()
  const engine = superviseEngine(spawn)
  const reply = engine.request({ id: 42, call: 'app:info', request: {} })
  const child = children[0]
  if (!child) throw new Error('no child')
  expect(child.sent).toEqual([]) // not listening yet
  child.say(ready)
  expect(child.sent).toHaveLength(1)
  const own = child.sent[0]?.id ?? -1
  child.say({ id: own, ok: true, response: 'pong' })
  expect(await reply).toEqual({ id: 42, ok: true, response: 'pong' })
  await engine.close()
})

test('a dead engine fails its calls with the reason, restarts, and gives up after a crash loop', async () => {
  const { spawn, children } = fakeSpawner()
  const events: EngineEvent[] = []
  const engine = superviseEngine(spawn)
  engine.onEvent((e) => events.push(e))
  children[0]?.say(ready)
  const pending = engine.request({ id: 1, call: 'runs:list', request: {} })
  children[0]?.die('SIGKILL')
  expect(await pending).toEqual({
    id: 1,
    ok: false,
    error: 'the engine process stopped (SIGKILL)',
  })
  expect(children).toHaveLength(2)
  expect(events.at(-1)).toMatchObject({ type: 'engine:restarted' })
  // Five more crashes within the minute: the sixth is not followed by a new engine.
  for (let i = 1; i <= 5; i++) children[i]?.die('exit code 1')
  expect(children).toHaveLength(6)
  expect(events.at(-1)).toEqual({
    type: 'log',
    level: 'error',
    message: 'the engine process stopped (exit code 1) repeatedly: restart the app',
  })
  expect(await engine.request({ id: 2, call: 'app:info', request: {} })).toMatchObject({
    ok: false,
  })
})
