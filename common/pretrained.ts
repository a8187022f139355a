import { z } from 'zod'

/**
 * Weights the repository ships for a template, that a training may start from instead of the
 * initializers' draw: one entry each, keyed by name. The engine finds each one's checkpoint in
 * `data/pretrained/<name>/` (written by the script named here, with `about.json` saying how it was
 * trained); the training schema, the training form and the CLI use this table.
 */
export const PRETRAINED = {
  diffusion: {
    template: 'diffusion',
    recipe: 'diffusion',
    label: 'the book’s denoiser, pretrained on the full Fashion-MNIST',
    script: 'scripts/pretrainDiffusion.ts',
  },
} as const satisfies Record<
  string,
  {
    readonly template: string
    readonly recipe: string
    readonly label: string
    readonly script: string
  }
>

export type PretrainedName = keyof typeof PRETRAINED
export const PRETRAINED_NAMES = Object.keys(PRETRAINED) as [PretrainedName, ...PretrainedName[]]

export const pretrainedNameSchema = z.enum(PRETRAINED_NAMES, {
  error: `expected one of the shipped pretrained weights: ${PRETRAINED_NAMES.join(', ')}`,
})

/** How a pretrained checkpoint was made, as its `about.json` records it. */
export const pretrainedAboutSchema = z.object({
  template: z.string(),
  epochs: z.number().int().positive(),
  trainExamples: z.number().int().positive(),
  dataset: z.string(),
  seconds: z.number().nonnegative(),
  /** The last epoch's metrics (loss, val_loss, fid…). */
  metrics: z.record(z.string(), z.number()),
  /** Each epoch's metrics, in order. */
  curve: z.array(z.record(z.string(), z.number())),
  /** The training configuration it ran with (optimizer, learning rate, batch size, recipe settings). */
  training: z.record(z.string(), z.unknown()),
  backend: z.string(),
  date: z.string(),
})
export type PretrainedAbout = z.output<typeof pretrainedAboutSchema>

/** One line saying what the weights are, for the CLI and the training form. */
export const describePretrained = (name: PretrainedName, about: PretrainedAbout | null): string =>
  about
    ? `"${name}", ${PRETRAINED[name].label}: ${about.epochs} epoch(s) on ${about.trainExamples.toLocaleString('en')} images (val_loss ${about.metrics['val_loss']?.toFixed(4) ?? '?'}${about.metrics['fid'] !== undefined ? `, fid ${about.metrics['fid'].toFixed(1)}` : ''}) by ${PRETRAINED[name].script}`
    : `"${name}", ${PRETRAINED[name].label}`
