// The engine process's training thread: runs start, train, and are estimated here, so that the
// thread answering the app's calls never waits on a training step (see `threadTrainer`).
import { parentPort, workerData } from 'node:worker_threads'
import { ok } from '../../common/graph/result'
import { initBackend } from '../tfjs/backend'
import { warmReplicasFor } from '../train/parallel/pool'
import { localTrainer, type RunHandle } from './trainer'
import type { FromTrainer, ToTrainer, TrainerBoot } from './trainerProtocol'

const port = parentPort
if (!port) throw new Error('the training thread runs as a worker thread')
const post = (m: FromTrainer) => {
  port.postMessage(m)
}
const { root } = workerData as TrainerBoot
/**
 * Fault injection for the fault suite: LATENT_STUDIO_FAULT=trainer-exit:N ends this thread
 * abruptly once N epochs' ends have gone out, as a crashing native kernel would.
 */
const exitAfterEpochs = (() => {
  const m = /^trainer-exit:(\d+)$/.exec(process.env['LATENT_STUDIO_FAULT'] ?? '')
  return m ? Number(m[1]) : Infinity
})()
let epochs = 0
const trainer = localTrainer(root, (event) => {
  post({ kind: 'event', event })
  if (event.type === 'train:event' && event.event.type === 'epoch' && ++epochs >= exitAfterEpochs)
    process.exit(70)
})
const runs = new Map<string, RunHandle>()
// The backend starts, then the replicas' threads boot, so a run's threads join at once.
const booted = initBackend('auto').then((b) => {
  if (b.ok) warmReplicasFor(b.value.name)
})

async function handle(m: ToTrainer): Promise<void> {
  await booted
  switch (m.kind) {
    case 'start':
    case 'continue': {
      const r = await (m.kind === 'start' ? trainer.start(m.req) : trainer.continue(m.req))
      if (!r.ok) {
        post({ kind: 'answer', id: m.id, result: r })
        return
      }
      const { runId, control, ended } = r.value
      runs.set(runId, control)
      post({ kind: 'answer', id: m.id, result: ok({ runId }) })
      void ended.then(() => {
        runs.delete(runId)
        post({ kind: 'ended', runId })
      })
      return
    }
    case 'estimate':
      post({ kind: 'estimated', id: m.id, result: await trainer.estimate(m.req) })
      return
    case 'control':
      runs.get(m.runId)?.[m.action]()
      return
    case 'close':
      await trainer.close()
      process.exit(0)
  }
}

port.on('message', (m: ToTrainer) => {
  void handle(m)
})
