import { z } from 'zod'

/**
 * A run as the history lists it (run.json in its folder), and one point of its curves (a line of
 * metrics.jsonl). Pure: the contract and the renderer share it; the engine parses every run.json
 * through `runRecordSchema` and never casts.
 */
export const RUN_RECORD_VERSION = 1

const metricsSchema = z.record(z.string(), z.number())

/** `interrupted`: the process training it ended without finishing it (killed, crashed). */
export const RUN_OUTCOMES = ['running', 'done', 'stopped', 'failed', 'interrupted'] as const
export type RunOutcome = (typeof RUN_OUTCOMES)[number]

/** What a run was asked to do. */
export const runConfigSchema = z.object({
  epochs: z.number().int().nonnegative(),
  batchSize: z.number().int().positive(),
  limit: z.number().int().positive().optional(),
  /** The backend it ran on (`wasm`), once it started; what was asked for (`auto`) until then. */
  backend: z.string(),
  optimizer: z.string(),
  learningRate: z.number(),
  dataset: z.string(),
  /** How `auto` chose the backend: each candidate's timed seconds per epoch (GPU machines). */
  backendChoice: z.array(z.object({ backend: z.string(), secondsPerEpoch: z.number() })).optional(),
})
export type RunConfig = Readonly<z.output<typeof runConfigSchema>>

export const runRecordSchema = z.object({
  /** Absent in records written before the field existed: version 1. */
  version: z.literal(RUN_RECORD_VERSION).default(RUN_RECORD_VERSION),
  id: z.string().regex(/^run-[0-9a-z-]{1,40}$/),
  title: z.string(),
  recipe: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  status: z.enum(RUN_OUTCOMES),
  message: z.string().optional(),
  config: runConfigSchema,
  epochsCompleted: z.number().int().nonnegative(),
  metrics: metricsSchema,
  /** True once the trained weights are saved (what export and decoding need). */
  checkpoint: z.boolean(),
  /** The epoch whose end the checkpoint holds (saved at every epoch's end). */
  checkpointEpoch: z.number().int().nonnegative().optional(),
  /** The engine process that trains it (to tell a crashed run from one still training). */
  pid: z.number().int().optional(),
})
export type RunRecord = Readonly<z.output<typeof runRecordSchema>>

/**
 * One point of a run's curves: `x` in epochs (fractional for a batch) and its metrics; an epoch's
 * point also says which epoch, its phase, its speed and its time. The CLI's metrics.jsonl and the
 * run history's are lines of this.
 */
export const curvePointSchema = z.object({
  x: z.number(),
  metrics: metricsSchema,
  epoch: z.number().int().positive().optional(),
  phase: z.string().optional(),
  samplesPerSec: z.number().optional(),
  seconds: z.number().optional(),
})
export type CurvePoint = Readonly<z.output<typeof curvePointSchema>>
