import { ok } from '../../../common/graph/result'
import { defineRecipe, onePhase } from '../defineRecipe'
import { ganSession } from './session'
import { ganSpec } from './spec'

export const ganRecipe = defineRecipe({
  spec: ganSpec,
  phases: (ctx, settings) => ok(onePhase(ganSession(ctx, settings))),
})
