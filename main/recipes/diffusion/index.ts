import { ok } from '../../../common/graph/result'
import { defineRecipe, onePhase } from '../defineRecipe'
import { diffusionSession } from './session'
import { diffusionSpec } from './spec'

export const diffusionRecipe = defineRecipe({
  spec: diffusionSpec,
  phases: (ctx, settings) => ok(onePhase(diffusionSession(ctx, settings))),
})
