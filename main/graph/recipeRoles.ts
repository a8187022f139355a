import type { NodeIssue } from './graphIndex'
import type { ShapeReport } from './inferShapes'
import type { ModelPlan } from './partition'
import type { GraphDoc, Role } from './schema'
import { fmtShape, sameShape, type Shape } from './shape'
import type { Recipe } from './training'

/** The groups each recipe trains, by role. */
export const RECIPE_ROLES = {
  autoencoder: ['encoder', 'decoder'],
  vae: ['encoder', 'decoder'],
  gan: ['generator', 'discriminator'],
  diffusion: ['denoiser'],
  classifier: ['classifier'],
} as const satisfies Record<Recipe, readonly Role[]>

const outShape = (plan: ModelPlan, report: ShapeReport, i = 0): Shape | undefined => {
  const id = plan.outputs[plan.outputs.length - 1 - i]
  return id === undefined ? undefined : report.shapes.get(id)
}
const inShape = (plan: ModelPlan, report: ShapeReport): Shape | undefined => {
  const first = plan.inputs[0]
  return first && report.shapes.get(first.nodeId)
}

/** Checks that the document has the sub-models its training recipe needs, and that they fit together. */
export function checkRecipeRoles(
  doc: GraphDoc,
  plans: readonly ModelPlan[],
  report: ShapeReport,
): NodeIssue[] {
  const recipe = doc.training.recipe
  const issues: NodeIssue[] = []
  const byRole = new Map<Role, ModelPlan>()
  for (const p of plans) {
    if (p.role !== 'model' && byRole.has(p.role))
      issues.push({
        nodeId: null,
        message: `two groups have the role ${p.role}; a document has at most one`,
      })
    byRole.set(p.role, p)
  }
  const missing = RECIPE_ROLES[recipe].filter((r) => !byRole.has(r))
  if (missing.length) {
    issues.push({
      nodeId: null,
      message: `the ${recipe} recipe needs ${missing.map((r) => `a group with the role ${r}`).join(' and ')}`,
    })
    return issues
  }
  const mismatch = (what: string, a: Shape | undefined, b: Shape | undefined) => {
    if (a && b && !sameShape(a, b))
      issues.push({ nodeId: null, message: `${what}: ${fmtShape(a)} vs ${fmtShape(b)}` })
  }
  switch (recipe) {
    case 'autoencoder':
    case 'vae': {
      const enc = byRole.get('encoder')
      const dec = byRole.get('decoder')
      if (!enc || !dec) break
      mismatch(
        "the decoder's input must have the shape of the encoder's codings",
        inShape(dec, report),
        outShape(enc, report),
      )
      mismatch(
        "the decoder's output must have the shape of the encoder's input",
        outShape(dec, report),
        inShape(enc, report),
      )
      if (recipe === 'vae') {
        const sampling = enc.nodes.find((id) => report.index.nodes.get(id)?.kind === 'sampling')
        if (!sampling)
          issues.push({
            nodeId: null,
            message:
              'the vae recipe needs a Sampling block in the encoder, fed by a mean and a log-variance layer',
          })
      }
      break
    }
    case 'gan': {
      const gen = byRole.get('generator')
      const disc = byRole.get('discriminator')
      if (!gen || !disc) break
      const codings = doc.training.settings.codingsSize
      const genIn = inShape(gen, report)
      if (genIn && !sameShape(genIn, [null, codings]))
        issues.push({
          nodeId: gen.inputs[0]?.nodeId ?? null,
          message: `the generator's input must be the ${codings} codings of the gan settings (codingsSize): got ${fmtShape(genIn)}`,
        })
      mismatch(
        "the generator's output must have the shape of the discriminator's input",
        outShape(gen, report),
        inShape(disc, report),
      )
      const d = outShape(disc, report)
      if (d && !sameShape(d, [null, 1]))
        issues.push({
          nodeId: disc.outputs.at(-1) ?? null,
          message: `the discriminator must output one probability per image, [null,1]: got ${fmtShape(d)}`,
        })
      break
    }
    case 'diffusion': {
      const den = byRole.get('denoiser')
      if (!den) break
      const out = outShape(den, report)
      const imageIn = den.inputs
        .map((i) => report.shapes.get(i.nodeId))
        .find((s) => s && s.length > 1)
      if (den.inputs.length < 2)
        issues.push({
          nodeId: null,
          message: 'the denoiser needs two inputs: the noisy image and the time step',
        })
      mismatch(
        "the denoiser's output (predicted noise) must have the shape of its noisy-image input",
        out,
        imageIn,
      )
      break
    }
    case 'classifier': {
      const cls = byRole.get('classifier')
      const out = cls && outShape(cls, report)
      const classes = doc.training.settings.classes
      if (out && !sameShape(out, [null, classes]))
        issues.push({
          nodeId: cls.outputs.at(-1) ?? null,
          message: `the classifier must output ${classes} class probabilities, [null,${classes}]: got ${fmtShape(out)}`,
        })
      break
    }
  }
  return issues
}
