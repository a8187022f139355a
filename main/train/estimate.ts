import type { GraphDoc } from '../../common/graph/schema'
import { err, ok, type Result } from '../../common/graph/result'
import { disposeCompiled } from '../tfjs/compile'
import type { RunEstimate } from '../../common/events'
import { trainDocument, type TrainOptions } from './run'
import { trainsInReplicas } from '../../common/backends'
import { replicasWarm } from './parallel/pool'
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
  opts: Omit<TrainOptions, 'onEvent' | 'onEpochEnd' | 'control' | 'estimateSteps'> = {},
): Promise<Result<RunEstimate>> {
  const r = await trainDocument(doc, { ...opts, estimateSteps: ESTIMATE_STEPS })
  if (!r.ok) return r
  disposeCompiled(r.value.compiled)
  if (r.value.parallel && trainsInReplicas(r.value.backend)) await replicasWarm(r.value.backend)
  return r.value.estimate ? ok(r.value.estimate) : err('the run has no steps to time')
}
