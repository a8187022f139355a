import type { GraphDoc } from '../../common/graph/schema'
import { err, ok, type Result } from '../../common/graph/result'
import { disposeCompiled } from '../tfjs/compile'
import type { RunEstimate } from '../../common/events'
import { trainDocument, type TrainOptions } from './run'
import { trainsInReplicas } from '../../common/backends'
import { replicasWarm } from './parallel/pool'
import { chooseRunBackend, type RunBackendChoice } from './chooseBackend'
import { initBackend } from '../tfjs/backend'
import { findAdapter } from '../tfjs/webgpu'
export { describeEstimate } from '../../common/estimateText'

/** Steps timed per phase (after one that warms up): enough to average out, a few seconds at most. */
export const ESTIMATE_STEPS = 4

/**
 * How long training `doc` would take here, with the same backend, threads, batch size, epochs and
 * examples as the run: a few of each phase's steps, a validation pass and the FID are timed on a
 * throwaway copy of the models (nothing is trained or recorded). It resolves once the training
 * threads it used have been replaced and have booted: a run started right after it (as `train`
 * does) would otherwise share the cores with their boot and take its first epoch 1.5× longer.
 */
export async function estimateRun(
  doc: GraphDoc,
  opts: EstimateOptions = {},
): Promise<Result<RunEstimate>> {
  return (await estimateAndChoose(doc, opts)).estimate
}

/**
 * `estimateRun`, with `auto`'s choice of backend where it made one: a run started right after (as
 * `train` starts it) takes that choice instead of timing the candidates again.
 */
export async function estimateAndChoose(
  doc: GraphDoc,
  opts: EstimateOptions = {},
): Promise<{ estimate: Result<RunEstimate>; choice: RunBackendChoice | null }> {
  if (opts.backend !== undefined && opts.backend !== 'auto')
    return { estimate: await timeOn(doc, opts), choice: null }
  // `auto`: where a hardware GPU makes it a choice, the run's backend is chosen by these timings.
  const auto = await autoBackend(doc, opts)
  if (!auto) return { estimate: await timeOn(doc, opts), choice: null }
  const { choice } = auto
  const chosen = auto.estimates.get(choice.backend)
  const estimate = chosen
    ? ok({ ...chosen, backendChoice: choice.timings })
    : await timeOn(doc, { ...opts, backend: choice.backend })
  return { estimate, choice }
}

/**
 * Where a run that asks for `auto` trains (see chooseRunBackend), with the estimates timed to
 * choose (none where there was no choice: no hardware GPU); null when no backend starts.
 */
export async function autoBackend(
  doc: GraphDoc,
  opts: EstimateOptions,
): Promise<{ choice: RunBackendChoice; estimates: ReadonlyMap<string, RunEstimate> } | null> {
  const base = await initBackend('auto')
  if (!base.ok) return null
  const estimates = new Map<string, RunEstimate>()
  const choice = await chooseRunBackend({
    base: base.value.name,
    adapter: findAdapter,
    time: async (backend) => {
      const e = await timeOn(doc, { ...opts, backend })
      if (e.ok) estimates.set(backend, e.value)
      return e.ok ? ok(e.value.secondsPerEpoch) : e
    },
  })
  return { choice, estimates }
}

/** What an estimate is asked with: a run's options, without its callbacks. */
export type EstimateOptions = Omit<
  TrainOptions,
  'onEvent' | 'onEpochEnd' | 'control' | 'estimateSteps'
>

/** Times a run on the backend its options name (see estimateRun). */
async function timeOn(doc: GraphDoc, opts: EstimateOptions): Promise<Result<RunEstimate>> {
  const r = await trainDocument(doc, { ...opts, estimateSteps: ESTIMATE_STEPS })
  if (!r.ok) return r
  disposeCompiled(r.value.compiled)
  if (r.value.parallel && trainsInReplicas(r.value.backend)) await replicasWarm(r.value.backend)
  return r.value.estimate ? ok(r.value.estimate) : err('the run has no steps to time')
}
