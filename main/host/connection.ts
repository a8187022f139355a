import type { EngineEvent, ServerMessage } from '../../common/api'

/** The engine as its hosts (browser-mode server, Electron main) see it, in-process or in its own. */
export interface EngineConnection {
  /** Sends one unchecked message from the renderer; resolves with the engine's answer to it. */
  request(raw: unknown): Promise<ServerMessage>
  onEvent(listener: (e: EngineEvent) => void): () => void
  close(): Promise<void>
}

/** A set of listeners that an engine connection fans its events out to. */
export function eventFanout() {
  const listeners = new Set<(e: EngineEvent) => void>()
  return {
    emit: (e: EngineEvent): void => {
      for (const l of listeners) l(e)
    },
    add: (listener: (e: EngineEvent) => void): (() => void) => {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
  }
}
