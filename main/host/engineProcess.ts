/**
 * The engine's own process: a Node child (browser mode) or an Electron utilityProcess (desktop).
 * It answers contract messages from its parent and pushes events back; preview PNGs cross as bytes
 * (structured clone). If training crashes it, the parent reports that and starts a new one.
 */
import type { ServerMessage } from '../../common/api'
import { dispatch } from './dispatch'
import { createEngineHost } from './engineHost'
import { markInterrupted } from '../runs/records'
import { initBackend } from '../tfjs/backend'
import { warmReplicasFor } from '../train/parallel/pool'

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
const handlers = createEngineHost((event) => {
  post({ event })
}, mode)
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
// Then training threads boot, so a run's replicas join at once when the user clicks Train (after
// the engine answers: on a busy machine they would otherwise slow its start).
void initBackend('auto').then((b) => {
  if (b.ok) warmReplicasFor(b.value.name)
})
