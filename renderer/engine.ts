import type { CallName, Request, Responses } from '../common/api'
import { connectEngine, type EngineApi } from './api/client'
import {
  applyTrainEvent,
  curvesFromPoints,
  IDLE_RUN,
  noCurves,
  releasePreviews,
  useRun,
} from './store/runStore'

/** The app's connection to the engine, once found. */
let engine: EngineApi | null = null

/** Connects to the engine (if this page has one) and routes its events into the run store. */
export async function initEngine(): Promise<void> {
  try {
    engine = await connectEngine()
  } catch (e) {
    useRun.setState({ engine: 'error', engineMessage: e instanceof Error ? e.message : String(e) })
    return
  }
  if (!engine) {
    useRun.setState({
      engine: 'offline',
      engineMessage:
        'No engine here: start the app with `npm run web` (or the desktop app) to train.',
    })
    return
  }
  engine.onEvent((e) => {
    if (e.type === 'engine:restarted') {
      const s = useRun.getState()
      const active = s.status === 'starting' || s.status === 'running' || s.status === 'paused'
      useRun.setState({
        engineMessage: e.message,
        ...(active ? { status: 'failed', message: e.message } : {}),
      })
      return
    }
    if (e.type !== 'train:event') return
    let s = useRun.getState()
    // A run's first events can arrive before the answer that names it.
    if (s.runId === null && s.status === 'starting') {
      useRun.setState({ runId: e.runId })
      s = useRun.getState()
    }
    if (e.runId !== s.runId) return
    useRun.setState(applyTrainEvent(s, e.event))
  })
  const [info, backends, datasets] = await Promise.all([
    engine.call('app:info', {}),
    engine.call('backends:list', {}),
    engine.call('datasets:discover', {}),
  ])
  useRun.setState({
    engine: 'connected',
    engineMessage: `engine ${info.engineVersion} (${info.mode})`,
    backends,
    datasets,
  })
}

/** Calls the engine; fails with a readable message when there is none. */
export function callEngine<C extends CallName>(
  name: C,
  request: Request<C>,
): Promise<Responses[C]> {
  if (!engine) return Promise.reject(new Error('no engine connected'))
  return engine.call(name, request)
}

/** Starts training the document; the run store follows its events. */
export async function startTraining(
  doc: unknown,
  epochs: number,
  limit: number | undefined,
  backend?: Request<'train:start'>['backend'],
  memoryBudget?: number,
): Promise<void> {
  releasePreviews(useRun.getState().previews)
  useRun.setState({ ...IDLE_RUN, status: 'starting', curves: noCurves() })
  try {
    const r = await callEngine('train:start', {
      doc,
      epochs,
      ...(limit !== undefined ? { limit } : {}),
      ...(backend !== undefined ? { backend } : {}),
      ...(memoryBudget !== undefined ? { memoryBudget } : {}),
    })
    if (r.ok) useRun.setState({ runId: r.runId })
    else useRun.setState({ status: 'failed', message: r.error })
  } catch (e) {
    useRun.setState({ status: 'failed', message: e instanceof Error ? e.message : String(e) })
  }
}

/**
 * Continues a recorded run from its checkpoint: `epochs` more (else those it had left), in the
 * same run. The dock shows its curves so far and goes on from them.
 */
export async function continueTraining(runId: string, epochs?: number): Promise<void> {
  releasePreviews(useRun.getState().previews)
  useRun.setState({
    ...IDLE_RUN,
    // The same run: its events name it from the first.
    runId,
    status: 'starting',
    curves: noCurves(),
    message: `continuing ${runId}`,
  })
  try {
    const past = await callEngine('runs:get', { runId })
    if (past.ok) {
      const curves = curvesFromPoints(past.curves)
      useRun.setState({ curves, curvesVersion: curves.x.length })
    }
    const r = await callEngine('train:continue', {
      runId,
      ...(epochs !== undefined ? { epochs } : {}),
    })
    if (r.ok) useRun.setState({ runId: r.runId })
    else useRun.setState({ status: 'failed', message: r.error })
  } catch (e) {
    useRun.setState({ status: 'failed', message: e instanceof Error ? e.message : String(e) })
  }
}

/** Pause, resume or stop the current run. */
export async function controlRun(
  action: 'train:pause' | 'train:resume' | 'train:stop',
): Promise<void> {
  const { runId } = useRun.getState()
  if (runId === null) return
  await callEngine(action, { runId })
  if (action === 'train:pause') useRun.setState({ status: 'paused' })
  if (action === 'train:resume') useRun.setState({ status: 'running' })
}
