import { ok } from '../../../common/graph/result'
import { defineRecipe, onePhase } from '../defineRecipe'
import { greedyPhases } from './greedy'
import { autoencoderSession } from './session'
import { autoencoderSpec } from './spec'

/**
 * Autoencoders: trained end to end, or greedily one layer pair at a time (`layerEpochs` each) and
 * then fine-tuned end to end for the document's epochs, as the chapter does.
 */
export const autoencoderRecipe = defineRecipe({
  spec: autoencoderSpec,
  phases: (ctx, settings) => {
    const whole = onePhase(autoencoderSession(ctx, settings))
    if (!settings.greedyLayerwise) return ok(whole)
    const layers = greedyPhases(ctx, settings)
    if (!layers.ok) {
      for (const p of whole) p.session.dispose()
      return layers
    }
    return ok([
      ...layers.value.map((session, k) => ({
        name: `layer-${k + 1}`,
        session,
        epochs: settings.layerEpochs,
        epochsSetting: 'layerEpochs',
        fraction: 1,
      })),
      ...whole,
    ])
  },
})
