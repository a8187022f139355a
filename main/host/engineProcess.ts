/**
 * The engine's own process: a Node child (browser mode) or an Electron utilityProcess (desktop).
 * It answers contract messages from its parent and pushes events back (runs train in a thread of
 * their own, so calls are answered while they compute); preview PNGs cross as bytes
 * (structured clone). If training crashes it, the parent reports that and starts a new one.
 */
import type { ServerMessage } from '../../common/api'
import { dispatch } from './dispatch'
import { createEngineHost } from './engineHost'
import { markInterrupted } from '../runs/records'
import { initBackend } from '../tfjs/backend'
import { threadTrainer } from './threadTrainer'

/** Electron's utilityProcess gives the child `process.parentPort`; a Node fork has `process.send`. */
interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void
  postMessage(message: unknown): void
}

const parentPort = (process as { parentPort?: ParentPort }).parentPort
const post = (m: ServerMessage) => {
  if (parentPort) parentPort.postMessage(m)
  else process.send?.(m)
}
const onMessage = (listener: (raw: unknown) => void) => {
  if (parentPort)
    parentPort.on('message', (e) => {
      listener(e.data)
    })
  else process.on('message', listener)
}
const log = (line: string) => {
  post({ event: { type: 'log', level: 'warn', message: line } })
}

const mode = process.argv.includes('--electron') ? 'electron' : 'browser'
// Runs train in a thread of their own: this one answers calls while they compute.
const handlers = createEngineHost(
  (event) => {
    post({ event })
  },
  mode,
  { trainer: (root, emit) => threadTrainer(root, emit, log) },
)
// Runs a crashed engine left as "running" are marked before any call is answered.
const interrupted = markInterrupted()
onMessage((raw) => {
  void interrupted.then(() => dispatch(handlers, raw, log)).then(post)
})
// A parent that goes away takes its engine with it.
process.on('disconnect', () => process.exit(0))
const marked = await interrupted
post({
  event: {
    type: 'log',
    level: 'info',
    message: `engine process ${process.pid} ready${marked.length ? `; marked ${marked.join(', ')} as interrupted` : ''}`,
  },
})
// This thread's backend (run explorer, backend list) starts after the engine answers; the training
// thread starts its own and boots its replicas.
void initBackend('auto')
