import type { ServerMessage } from '../../common/api'
import { eventFanout, type EngineConnection } from './connection'
import { MALFORMED } from './dispatch'

/** A started engine process, whatever started it (a Node fork, an Electron utilityProcess). */
export interface EngineChild {
  readonly pid: number | undefined
  /** Posts a message; false when the process is not running. */
  send(message: unknown): boolean
  kill(): void
}

/** Starts one engine process and reports its messages and its end. */
export type SpawnEngine = (on: {
  readonly message: (m: ServerMessage) => void
  readonly exit: (reason: string) => void
}) => EngineChild

/** Restarts allowed within a minute before the supervisor gives up (a crash loop is not hidden). */
const MAX_RESTARTS = 5

interface Pending {
  readonly clientId: number
  readonly resolve: (m: ServerMessage) => void
}

/**
 * Runs the engine in a child process and keeps it running: when the process dies, pending calls
 * fail with the reason, listeners hear `engine:restarted`, and a fresh engine takes over (the
 * documents live in the renderer and the run history on disk, so nothing else is lost).
 */
export function superviseEngine(
  spawn: SpawnEngine,
  log: (line: string) => void = () => undefined,
): EngineConnection & { readonly pid: () => number | undefined } {
  const events = eventFanout()
  const pending = new Map<number, Pending>()
  const restarts: number[] = []
  let next = 1
  let closing = false
  let child: EngineChild
  let exited: (() => void) | null = null
  // Calls wait until the new process has spoken: before that its listener may not be attached.
  let listening = false
  /** Set when the supervisor gave up restarting: why calls cannot be answered. */
  let down: string | null = null
  let queued: { id: number; message: object }[] = []

  const start = (): void => {
    listening = false
    child = spawn({
      message: (m) => {
        if (!listening) {
          listening = true
          for (const q of queued)
            if (!child.send(q.message)) fail(q.id, 'the engine process is not running')
          queued = []
        }
        if ('event' in m) {
          events.emit(m.event)
          return
        }
        const p = pending.get(m.id)
        if (!p) return
        pending.delete(m.id)
        p.resolve({ ...m, id: p.clientId })
      },
      exit: (reason) => {
        const why = `the engine process stopped (${reason})`
        for (const p of pending.values()) p.resolve({ id: p.clientId, ok: false, error: why })
        pending.clear()
        queued = []
        if (closing) {
          exited?.()
          return
        }
        const now = Date.now()
        restarts.push(now)
        while ((restarts[0] ?? now) < now - 60_000) restarts.shift()
        if (restarts.length > MAX_RESTARTS) {
          down = `${why} repeatedly: restart the app`
          log(`${why}; it crashed ${restarts.length} times in a minute, so it was not restarted`)
          events.emit({
            type: 'log',
            level: 'error',
            message: `${why} repeatedly: restart the app`,
          })
          return
        }
        log(`${why}; starting a new one`)
        start()
        events.emit({
          type: 'engine:restarted',
          message: `${why}. A new engine has started; a run that was training ended there (its record keeps what was saved).`,
        })
      },
    })
  }
  const fail = (id: number, error: string) => {
    const p = pending.get(id)
    pending.delete(id)
    p?.resolve({ id: p.clientId, ok: false, error })
  }
  start()

  return {
    pid: () => child.pid,
    request: (raw) =>
      new Promise((resolve) => {
        if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
          resolve({ id: -1, ok: false, error: MALFORMED })
          return
        }
        const clientId = 'id' in raw && typeof raw.id === 'number' ? raw.id : -1
        if (down !== null) {
          resolve({ id: clientId, ok: false, error: down })
          return
        }
        // The supervisor's own ids keep calls from several windows or sockets apart.
        const id = next++
        pending.set(id, { clientId, resolve })
        const message = { ...raw, id }
        if (!listening) queued.push({ id, message })
        else if (!child.send(message)) fail(id, 'the engine process is not running')
      }),
    onEvent: events.add,
    close: () =>
      new Promise((resolve) => {
        closing = true
        exited = resolve
        child.kill()
      }),
  }
}
