import { z } from 'zod'

/**
 * What a checkpoint holds besides its layers' weights, so that training can continue from it: the
 * optimizers' state, where the run was (phase, epoch, step), its seed and the preview budget's
 * state. Versioned and parsed through a schema with migrations, as documents are.
 */
export const CHECKPOINT_FORMAT = 'latent-studio.checkpoint'
export const CHECKPOINT_VERSION = 2

/** A tensor stored in the checkpoint's float file: its name, shape and offset (in floats). */
const entrySchema = z.object({
  name: z.string().max(500),
  shape: z.array(z.number().int().nonnegative()).max(8),
  offset: z.number().int().nonnegative(),
})

/** A layer's weight in the float file (by layer name: tied and shared layers come back linked). */
const weightSchema = z.object({
  layer: z.string().max(200),
  shape: z.array(z.number().int().nonnegative()).max(8),
  offset: z.number().int().nonnegative(),
})
export type WeightEntry = z.output<typeof weightSchema>

const fileName = z.string().regex(/^[A-Za-z0-9._-]+\.bin$/, 'expected a file of the checkpoint')

/** One optimizer's state, as `getWeights` gives it (its iteration count first). */
const optimizerSchema = z.object({ tensors: z.array(entrySchema) })

export const manifestSchema = z.object({
  format: z.literal(CHECKPOINT_FORMAT),
  version: z.literal(CHECKPOINT_VERSION),
  /** The float file holding every tensor below. */
  data: fileName,
  weights: z.array(weightSchema),
  /** The optimizers of the phase, in the recipe's order (a GAN has two). */
  optimizers: z.array(optimizerSchema),
  /**
   * Each trainable variable's name in the saving process → `<layer>/<index of its weight>`, the
   * stable name that resuming maps the optimizer state back through.
   */
  variables: z.record(z.string(), z.string()),
  /** The phase (its index and name), the epochs completed in it and the steps taken in it. */
  phase: z.object({ index: z.number().int().nonnegative(), name: z.string().max(100) }),
  epoch: z.number().int().nonnegative(),
  step: z.number().int().nonnegative(),
  seed: z.number().int().nullable(),
  /** Milliseconds the run's previews had taken (the preview budget's state). */
  previewMs: z.number().nonnegative(),
})
export type CheckpointManifest = z.output<typeof manifestSchema>

/** The first form: layers' weights only (`weights.json` with `entries`, one float file). */
const v1Schema = z.object({
  format: z.literal('latent-studio.weights'),
  data: fileName.optional(),
  entries: z.array(weightSchema),
})

/**
 * Reads a manifest of any version into the current form; a version 1 checkpoint has no optimizer
 * state and no position (epoch 0), which resuming treats as a fresh optimizer.
 */
export function parseManifest(
  raw: unknown,
): { ok: true; value: CheckpointManifest } | { ok: false; error: string } {
  const current = manifestSchema.safeParse(raw)
  if (current.success) return { ok: true, value: current.data }
  const v1 = v1Schema.safeParse(raw)
  if (v1.success)
    return {
      ok: true,
      value: {
        format: CHECKPOINT_FORMAT,
        version: CHECKPOINT_VERSION,
        data: v1.data.data ?? 'weights.bin',
        weights: v1.data.entries,
        optimizers: [],
        variables: {},
        phase: { index: 0, name: 'train' },
        epoch: 0,
        step: 0,
        seed: null,
        previewMs: 0,
      },
    }
  const issue = current.error.issues[0]
  return { ok: false, error: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'unreadable'}` }
}
