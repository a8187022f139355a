import { z } from 'zod'
import { DEFAULT_RECIPE } from '../../main/recipes/specs'
import { trainingSchema } from './training'
import { pretrainedNameSchema } from '../pretrained'

export const GRAPH_FORMAT = 'latent-studio.graph'
export const GRAPH_VERSION = 2

/** Ids double as tfjs layer names, so they keep to what tfjs accepts. */
export const idSchema = z
  .string({ error: 'expected an id string' })
  .regex(
    /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/,
    'expected an id: a letter, then letters, digits, "_", "-" or "." (64 at most)',
  )

const position = z.object({ x: z.number(), y: z.number() })

export const nodeSchema = z.object({
  id: idSchema,
  kind: z.string().max(64),
  /** Checked against the block's own params schema after the document parses. */
  params: z.record(z.string(), z.unknown()).default({}),
  position: position.default({ x: 0, y: 0 }),
  group: idSchema.optional(),
  /** Apply the same layer (same weights) as this node: a shared layer. */
  share: idSchema.optional(),
  label: z.string().max(200).optional(),
})

export const edgeSchema = z.object({
  id: idSchema.optional(),
  source: idSchema,
  sourceHandle: z.string().max(64).default('out'),
  target: idSchema,
  targetHandle: z.string().max(64).default('in'),
})

export const ROLES = [
  'encoder',
  'decoder',
  'generator',
  'discriminator',
  'denoiser',
  'classifier',
  'model',
] as const
export type Role = (typeof ROLES)[number]

/**
 * A group: a box on the canvas that may sit inside another group (`parent`) and may carry a role.
 * Only groups with a role compile to models; a block belongs to the model of its nearest group
 * with a role (see groups.ts).
 */
export const groupSchema = z.object({
  id: idSchema,
  name: z.string().min(1, 'expected a name').max(100),
  role: z.enum(ROLES).optional(),
  parent: idSchema.optional(),
  position: position.optional(),
  collapsed: z.boolean().default(false),
})

export const datasetSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('embedded'),
    name: z.literal('fashion-mnist-small').default('fashion-mnist-small'),
  }),
  z.object({ kind: z.literal('fashion-mnist'), path: z.string().max(4096).optional() }),
  /** A small built-in table of numeric points (the chapter's 3-D oval for the linear autoencoder). */
  z.object({ kind: z.literal('points'), name: z.literal('oval-3d').default('oval-3d') }),
  z.object({
    kind: z.literal('folder'),
    path: z.string().min(1).max(4096),
    labels: z.enum(['subfolders', 'none']).default('subfolders'),
  }),
])

export const metaSchema = z.object({
  title: z.string().max(200).default('Untitled'),
  description: z.string().max(10_000).default(''),
  /** What the template teaches, for the gallery. */
  teaches: z.string().max(2_000).optional(),
  /**
   * A quick preset for CPUs where the chapter's full setting takes hours (diffusion): overrides of
   * epochs, training-set size and recipe settings that `train --quick` applies.
   */
  quick: z
    .object({
      epochs: z.number().int().positive().max(100_000).optional(),
      limit: z.number().int().positive().optional(),
      settings: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).optional(),
      note: z.string().max(1_000).optional(),
      /** Shipped weights the preset starts from (see `common/pretrained.ts`). */
      initialWeights: pretrainedNameSchema.optional(),
    })
    .optional(),
})

export const graphDocSchema = z.object({
  format: z.literal(GRAPH_FORMAT, { error: `expected "${GRAPH_FORMAT}"` }),
  version: z.literal(GRAPH_VERSION),
  meta: metaSchema.prefault({}),
  nodes: z.array(nodeSchema).max(5_000, 'expected at most 5000 nodes'),
  edges: z.array(edgeSchema).max(20_000, 'expected at most 20000 edges').default([]),
  groups: z.array(groupSchema).max(500).default([]),
  dataset: datasetSchema.prefault({ kind: 'embedded' }),
  training: trainingSchema.prefault({ recipe: DEFAULT_RECIPE }),
})

export type GraphDoc = z.output<typeof graphDocSchema>
export type GraphNode = GraphDoc['nodes'][number]
export type GraphEdge = GraphDoc['edges'][number]
export type GraphGroup = GraphDoc['groups'][number]
export type DatasetRef = GraphDoc['dataset']
