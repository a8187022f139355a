import { ok } from '../../../common/graph/result'
import { defineRecipe, onePhase } from '../defineRecipe'
import { greedyPhases } from './greedy'
import { autoencoderSession } from './session'
import { autoencoderSpec } from './spec'

/** Autoencoders: trained end to end, or greedily one layer pair at a time. */
export const autoencoderRecipe = defineRecipe({
  spec: autoencoderSpec,
  phases: (ctx, settings) => {
    if (!settings.greedyLayerwise) return ok(onePhase(autoencoderSession(ctx, settings)))
    const layers = greedyPhases(ctx, settings)
    return layers.ok
      ? ok(layers.value.map((session, k) => ({ name: `layer-${k + 1}`, session, fraction: 1 })))
      : layers
  },
})
