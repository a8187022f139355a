import { ok } from '../../../common/graph/result'
import type { Phase } from '../../train/recipe'
import { autoencoderSession } from '../autoencoder/session'
import { autoencoderSpec } from '../autoencoder/spec'
import { defineRecipe } from '../defineRecipe'
import { classifierSession } from './session'
import { classifierSpec } from './spec'

/** A classifier, after `pretrainEpochs` of unsupervised autoencoder training when the graph has one. */
export const classifierRecipe = defineRecipe({
  spec: classifierSpec,
  phases: (ctx, s) => {
    const roles = new Set(ctx.compiled.models.map((m) => m.plan.role))
    const pretrain: Phase[] =
      s.pretrainEpochs > 0 && autoencoderSpec.roles.every((r) => roles.has(r))
        ? [
            {
              name: 'pretrain',
              session: autoencoderSession(ctx, autoencoderSpec.settings.parse({})),
              epochs: s.pretrainEpochs,
              epochsSetting: 'pretrainEpochs',
              fraction: 1,
            },
          ]
        : []
    return ok([
      ...pretrain,
      {
        name: 'train',
        session: classifierSession(ctx, s, pretrain.length > 0),
        fraction: s.labelledFraction,
      },
    ])
  },
})
