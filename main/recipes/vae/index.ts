import { ok } from '../../../common/graph/result'
import { defineRecipe, onePhase } from '../defineRecipe'
import { vaeSession } from './session'
import { vaeSpec } from './spec'

export const vaeRecipe = defineRecipe({
  spec: vaeSpec,
  phases: (ctx, settings) => ok(onePhase(vaeSession(ctx, settings))),
})
