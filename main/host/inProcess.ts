import type { EngineConnection } from './connection'
import { eventFanout } from './connection'
import { dispatch } from './dispatch'
import { createEngineHost } from './engineHost'

/** The engine in this process (tests, and hosts that choose not to fork). */
export function inProcessEngine(
  mode: 'electron' | 'browser',
  log: (line: string) => void = () => undefined,
  root?: string,
): EngineConnection {
  const events = eventFanout()
  const handlers = createEngineHost(events.emit, mode, root !== undefined ? { root } : {})
  return {
    request: (raw) => dispatch(handlers, raw, log),
    onEvent: events.add,
    close: () => Promise.resolve(),
  }
}
