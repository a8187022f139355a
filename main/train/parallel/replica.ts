// A training replica (worker thread): compiles the leader's graph in its own tfjs engine, then
// runs the leader's commands: each batch share's step, its gradients averaged with the group's.
import { parentPort, workerData } from 'node:worker_threads'
import * as tf from '@tensorflow/tfjs'
import { initBackend } from '../../tfjs/backend'
import { compileGraph } from '../../tfjs/compile'
import { validateGraph } from '../../../common/graph/validate'
import { phasesFor } from '../phases'
import type { RecipeSession } from '../recipe'
import { withGradientReducer } from '../step'
import { Command, GroupView } from './collective'
import type { ReplicaInit } from './group'
import { seedMathRandom } from '../random'
import type { ReplicaBoot } from './pool'
import { flatten, groupReducer, syncWeights } from './weights'
import { restoreOptimizers } from '../../runs/resume'

/** The run's phases' sessions on this thread's own compiled graph (a continued run's optimizers restored). */
async function sessionsFor(init: ReplicaInit): Promise<RecipeSession[]> {
  const report = validateGraph(init.doc)
  if (!report.ok) throw new Error('the graph is invalid')
  const compiled = compileGraph(init.doc)
  if (!compiled.ok) throw new Error(compiled.error.map((e) => e.message).join('; '))
  const phases = phasesFor(init.doc, compiled.value, report.report)
  if (!phases.ok) throw new Error(phases.error)
  const sessions = phases.value.map((p) => p.session)
  const resumed = init.resume ? sessions[init.resume.phase] : undefined
  if (init.resume && resumed) {
    const restored = await restoreOptimizers(resumed, compiled.value, init.resume.optimizers)
    if (!restored.ok) throw new Error(restored.error)
  }
  return sessions
}

/** One batch share: pixels at `offset` in the payload, then (if `labelled`) its labels. */
function step(view: GroupView, session: RecipeSession, cmd: ReturnType<GroupView['next']>): void {
  const per = session.inputShape.reduce((a, b) => a * b, 1)
  const pixels = view.payload.slice(cmd.offset, cmd.offset + cmd.count * per)
  const labelsAt = cmd.offset + cmd.count * per
  tf.tidy(() => {
    const x = tf.tensor(pixels, [cmd.count, ...session.inputShape])
    const labels =
      cmd.arg === 1
        ? tf.tensor1d(
            Int32Array.from(view.payload.subarray(labelsAt, labelsAt + cmd.count)),
            'int32',
          )
        : null
    const metrics = withGradientReducer(groupReducer(view, cmd.weight), () =>
      session.trainStep({ x, labels }),
    )
    tf.dispose(Object.values(metrics))
  })
}

/**
 * Fault injection for the fault suite: LATENT_STUDIO_FAULT=replica-exit:N ends this thread
 * abruptly at its Nth step, as a crashing native library or a stray process.exit would.
 */
const exitAtStep = (() => {
  const m = /^replica-exit:(\d+)$/.exec(process.env['LATENT_STUDIO_FAULT'] ?? '')
  return m ? Number(m[1]) : Infinity
})()

function serve(view: GroupView, sessions: readonly RecipeSession[]): void {
  let session = sessions[0]
  let steps = 0
  for (;;) {
    const cmd = view.next()
    if (cmd.kind === Command.Exit) return
    if (cmd.kind === Command.Phase) session = sessions[cmd.arg]
    if (!session) throw new Error(`no training phase ${String(cmd.arg)}`)
    if (cmd.kind === Command.Sync) syncWeights(view, session.variables)
    if (cmd.kind === Command.Step && ++steps >= exitAtStep) process.exit(70)
    if (cmd.kind === Command.Step) step(view, session, cmd)
    if (cmd.kind === Command.Check) {
      view.reportTensors(tf.memory().numTensors)
      view.allEqual(flatten(session.variables))
    }
    view.barrier()
  }
}

// Booted ahead of any run (a warm replica): tfjs and the backend start now, the run comes later.
const boot = workerData as ReplicaBoot
const booted = initBackend(boot.backend)
// Tells the pool this thread is warm (a run's leader does not listen for it).
void booted.then(() => parentPort?.postMessage('booted'))
const init = await new Promise<ReplicaInit>((resolve) => {
  parentPort?.once('message', (m: ReplicaInit) => {
    resolve(m)
  })
})
const view = new GroupView(init.memory, init.party)
let finished = false
// A thread that ends without being told to (process.exit anywhere in it) tells the others at once,
// rather than leaving them to wait out the reduction deadline.
process.on('exit', (code) => {
  if (!finished) view.fail(`the thread exited unexpectedly (code ${String(code)})`)
})
try {
  const backend = await booted
  if (!backend.ok) throw new Error(`backend ${init.backend} did not start`)
  const seed = init.doc.training.seed
  // Each replica draws its own sequence (its shard's dropout masks, noise), fixed by the run's seed.
  if (seed !== undefined) seedMathRandom((seed + Math.imul(init.party, 0x9e3779b9)) >>> 0)
  const sessions = await sessionsFor(init)
  view.markReady()
  serve(view, sessions)
  finished = true
  for (const s of sessions) s.dispose()
} catch (e) {
  finished = true
  view.fail(e instanceof Error ? e.message : String(e))
}
