// Building blocks of the chapter's templates: a graph builder that lays each group out as a
// column, and the layers and settings several templates share.
import { GRAPH_VERSION } from '../../common/graph/schema'

export type Params = Record<string, unknown>
export interface N {
  id: string
  kind: string
  params: Params
  group?: string
  position: { x: number; y: number }
}
export interface E {
  source: string
  target: string
  targetHandle?: string
}

/** Accumulates nodes and edges, laying each group out as a column. */
export class Graph {
  nodes: N[] = []
  edges: E[] = []
  groups: {
    id: string
    name: string
    role?: string
    parent?: string
    collapsed?: boolean
    position: { x: number; y: number }
  }[] = []
  private rows = new Map<string, number>()
  group(id: string, name: string, role: string): this {
    this.groups.push({ id, name, role, position: { x: this.groups.length * 420, y: 0 } })
    return this
  }
  /** A frame without a role inside `parent` (a stage of a bigger model), folded unless `open`. */
  frame(id: string, name: string, parent: string, open = false): this {
    this.groups.push({
      id,
      name,
      parent,
      ...(open ? {} : { collapsed: true }),
      position: { x: this.groups.length * 420, y: 0 },
    })
    return this
  }
  node(
    group: string | undefined,
    id: string,
    kind: string,
    params: Params = {},
    column = 0,
  ): string {
    const gi = Math.max(
      0,
      this.groups.findIndex((g) => g.id === group),
    )
    const row = this.rows.get(`${group}:${column}`) ?? 0
    this.rows.set(`${group}:${column}`, row + 1)
    this.nodes.push({
      id,
      kind,
      params,
      ...(group ? { group } : {}),
      position: { x: gi * 420 + column * 200, y: row * 90 },
    })
    return id
  }
  edge(source: string, target: string, targetHandle?: string): void {
    this.edges.push({ source, target, ...(targetHandle ? { targetHandle } : {}) })
  }
  /** A chain: each [id, kind, params] fed by the previous; returns the last id. */
  chain(
    group: string | undefined,
    from: string | null,
    ...steps: [string, string, Params?][]
  ): string {
    let prev = from
    for (const [id, kind, params] of steps) {
      this.node(group, id, kind, params ?? {})
      if (prev) this.edge(prev, id)
      prev = id
    }
    return prev ?? ''
  }
}

export interface Meta {
  title: string
  description: string
  teaches: string
  quick?: Params
}
export const relu = (units: number): Params => ({ units, activation: 'relu' })
export const linear = (units: number): Params => ({ units, activation: 'linear' })
export const reluHe = (units: number): Params => ({
  units,
  activation: 'relu',
  kernelInitializer: 'heNormal',
})
/**
 * The stacked autoencoder's encoder: 28×28 images, Flatten, Dense(100, relu), Dense(30, relu)
 * codings, with an optional corruption layer (denoising) after Flatten.
 */
export const stackedEncoder = (g: Graph, corruption?: [string, string, Params]) => {
  g.group('encoder', 'Encoder', 'encoder')
  g.chain(
    'encoder',
    null,
    ['images', 'input', { shape: [28, 28] }],
    ['flatten', 'flatten'],
    ...(corruption ? [corruption] : []),
    ['enc_dense_100', 'dense', relu(100)],
    ['codings', 'dense', relu(30)],
  )
}
export const stackedDecoder = (g: Graph, codings: number) => {
  g.group('decoder', 'Decoder', 'decoder')
  g.chain(
    'decoder',
    null,
    ['dec_codings', 'input', { shape: [codings] }],
    ['dec_dense_100', 'dense', relu(100)],
    ['dec_dense_784', 'dense', linear(784)],
    ['reconstruction', 'reshape', { targetShape: [28, 28] }],
  )
}
export function aeTraining(epochs: number): Params {
  return {
    recipe: 'autoencoder',
    optimizer: { kind: 'nadam' },
    learningRate: 1e-3,
    epochs,
    batchSize: 32,
    settings: { loss: 'mse' },
  }
}

/** A template document as the builder writes it (parsed and checked when the templates load). */
export interface TemplateDoc {
  readonly format: 'latent-studio.graph'
  readonly version: number
  readonly meta: Meta
  readonly groups: Graph['groups']
  readonly nodes: N[]
  readonly edges: E[]
  readonly dataset: TemplateDataset
  readonly training: Params
}

/** The data a template trains on: the embedded Fashion-MNIST subset unless it says otherwise. */
export type TemplateDataset = { readonly kind: 'embedded' } | { readonly kind: 'points' }

/** What a template trains on (every template is placed by the editor's auto-layout). */
export interface SaveOptions {
  readonly dataset?: TemplateDataset
}

/** Records a template: its id, metadata, graph and training settings. */
export type Save = (
  id: string,
  meta: Meta,
  g: Graph,
  training: Params,
  options?: SaveOptions,
) => void

/** A document from a built graph. */
export const templateDoc = (
  meta: Meta,
  g: Graph,
  training: Params,
  dataset: TemplateDataset = { kind: 'embedded' },
): TemplateDoc => ({
  format: 'latent-studio.graph',
  version: GRAPH_VERSION,
  meta,
  groups: g.groups,
  nodes: g.nodes,
  edges: g.edges,
  dataset,
  training,
})
