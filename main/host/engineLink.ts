import { fork } from 'node:child_process'
import { join } from 'node:path'
import type { ServerMessage } from '../../common/api'
import type { EngineConnection } from './connection'
import { superviseEngine, type SpawnEngine } from './supervisor'

/** The engine process entry of a checkout, run through tsx like the CLI. */
export const ENGINE_ENTRY = join(import.meta.dirname, 'engineProcess.ts')

/** Starts the engine as a Node child process over IPC (structured clone: preview bytes stay bytes). */
export function nodeSpawner(
  entry = ENGINE_ENTRY,
  log: (line: string) => void = () => undefined,
): SpawnEngine {
  return (on) => {
    const child = fork(entry, ['--browser'], {
      execArgv: entry.endsWith('.ts') ? ['--import', 'tsx'] : [],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    child.on('message', (m: ServerMessage) => {
      on.message(m)
    })
    child.on('exit', (code, signal) => {
      on.exit(signal ?? `exit code ${String(code)}`)
    })
    return {
      pid: child.pid,
      // child.send() answers false when the message was queued behind others (back-pressure), not
      // lost: it is delivered. Only a process no longer connected cannot take it; a send that
      // fails later (the process died meanwhile) ends in 'exit', which answers every pending call.
      send: (m) => {
        if (!child.connected) return false
        child.send(m as object, (e) => {
          if (e) log(`a message to the engine was not delivered: ${e.message}`)
        })
        return true
      },
      kill: () => {
        if (child.exitCode === null && child.signalCode === null) child.kill()
        else on.exit('already ended')
      },
    }
  }
}

/** Browser mode's engine: its own Node process, restarted if it dies. */
export function forkEngine(
  opts: { readonly entry?: string; readonly log?: (line: string) => void } = {},
): EngineConnection & { readonly pid: () => number | undefined } {
  return superviseEngine(nodeSpawner(opts.entry, opts.log), opts.log)
}
