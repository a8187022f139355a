import type { ShapeReport } from './graph/inferShapes'

/**
 * A run's peak memory, estimated before it starts from the graph's shapes: what the engine
 * process holds (the runtime itself; per training thread its weights, gradients and optimizer
 * slots, and the activations of its share of a batch, forward and backward, with convolutions'
 * unfolded-patch buffers; the dataset). Pure: the dock and the engine share it.
 */
export interface MemoryEstimate {
  readonly bytes: number
  readonly parts: {
    readonly runtime: number
    readonly weights: number
    readonly activations: number
    readonly dataset: number
  }
}

/** The engine process before any run: Node, tfjs and its wasm runtime (measured about 190 MB). */
export const RUNTIME_BYTES = 200e6
/** Each training thread beyond the first: its own tfjs and wasm runtime (measured about 150 MB). */
export const THREAD_BYTES = 150e6
/** Each activation is kept for the backward pass and gets a gradient of its own. */
const FORWARD_BACKWARD = 2
/** Optimizer slots per weight: Adam/Nadam's two moments, RMSprop's accumulator(s), momentum. */
const SLOTS: Readonly<Record<string, number>> = { adam: 2, nadam: 2, rmsprop: 2, sgd: 1 }

const product = (shape: readonly (number | null)[]) =>
  shape.reduce<number>((a, d) => a * (d ?? 1), 1)

/**
 * Values one example makes a node hold while it runs: its output, and for a convolution the
 * unfolded patches it multiplies (im2col: output positions × kernel area × input channels).
 */
function nodeValues(report: ShapeReport, id: string): number {
  const node = report.index.nodes.get(id)
  const out = report.shapes.get(id)
  if (!node || !out) return 0
  const outValues = product(out.slice(1))
  const input = report.inputShapes.get(id)?.[0]
  const cin = input?.at(-1) ?? 1
  const k = typeof node.params['kernelSize'] === 'number' ? node.params['kernelSize'] : 1
  const positions = out.length >= 4 ? product(out.slice(1, -1)) : 0
  switch (node.kind) {
    case 'conv2d':
    case 'conv2dTranspose':
      return outValues + positions * k * k * cin
    case 'separableConv2d':
      return outValues + positions * cin * 2
    default:
      return outValues
  }
}

export interface MemoryInputs {
  readonly report: ShapeReport
  readonly batchSize: number
  /** Training threads, each with a copy of the models and a share of every batch. */
  readonly threads: number
  readonly optimizer: string
  /** Bytes of the dataset held in memory. */
  readonly datasetBytes: number
}

/** The estimate for a run with these settings (see MemoryEstimate). */
export function estimateMemory(m: MemoryInputs): MemoryEstimate {
  let params = 0
  let perExample = 0
  for (const id of m.report.order) {
    const p = m.report.params.get(id)
    params += (p?.trainable ?? 0) + (p?.nonTrainable ?? 0)
    perExample += nodeValues(m.report, id)
  }
  const threads = Math.max(1, m.threads)
  const share = Math.ceil(m.batchSize / threads)
  // Weights, their gradients and the optimizer's slots in every thread, and the last good
  // epoch's copy the leader keeps.
  const weights = 4 * params * (threads * (2 + (SLOTS[m.optimizer] ?? 2)) + 1)
  const activations = 4 * perExample * share * FORWARD_BACKWARD * threads
  const runtime = RUNTIME_BYTES + (threads - 1) * THREAD_BYTES
  const bytes = runtime + weights + activations + m.datasetBytes
  return { bytes, parts: { runtime, weights, activations, dataset: m.datasetBytes } }
}

/** Bytes as a person reads them: 640 MB, 3.2 GB. */
export function fmtBytes(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${String(Math.round(bytes / 1e6))} MB`
}
