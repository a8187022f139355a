import { create } from 'zustand'
import type { BackendInfo, DatasetInfo, WireTrainEvent } from '../../common/api'
import type { PlotPoints, PreviewLabels, TrainEvent } from '../../common/events'

/** Frames kept per preview; the oldest go first. */
export const MAX_FRAMES = 300

export type EngineStatus = 'connecting' | 'connected' | 'offline' | 'error'
export type RunStatus = 'idle' | 'starting' | 'running' | 'paused' | 'done' | 'stopped' | 'failed'

/**
 * Loss and metric curves: one x (fractional epoch, counted within its phase) per point, whether it
 * is an epoch's end (else a batch's) and its phase, and one array per metric (null where absent).
 */
export interface Curves {
  readonly x: number[]
  readonly atEpoch: boolean[]
  readonly phase: string[]
  readonly series: Record<string, (number | null)[]>
}

/** No points yet. */
export const noCurves = (): Curves => ({ x: [], atEpoch: [], phase: [], series: {} })

export interface Preview {
  readonly src: string
  readonly epoch: number
  readonly width: number
  readonly height: number
  readonly stats?: Readonly<Record<string, number>>
  readonly labels?: PreviewLabels
  readonly grid?: { readonly rows: number; readonly columns: number }
  /** Made during the epoch, after this many of its batches (absent: at the epoch's end). */
  readonly batch?: { readonly done: number; readonly of: number }
  readonly moment?: 'paused' | 'stopped'
  /** A plot's points, to show each point's image and class under the pointer. */
  readonly points?: PreviewPoints
}

/** A plot's points (see PlotPoints) with their images' sheet as an object URL. */
export interface PreviewPoints {
  readonly xy: readonly number[]
  readonly classes?: readonly string[]
  readonly sheet?: {
    readonly src: string
    readonly tile: { readonly width: number; readonly height: number }
    readonly columns: number
  }
}

/** An estimate of a run's time, as the engine sends it. */
export type RunEstimateInfo = Omit<Extract<TrainEvent, { type: 'estimate' }>, 'type'>

/** A training run as the dashboard shows it; never part of the document or its history. */
export interface RunState {
  readonly engine: EngineStatus
  readonly engineMessage: string | null
  /** What the engine can run on here, and why not the others. */
  readonly backends: readonly BackendInfo[]
  /** Datasets the engine found. */
  readonly datasets: readonly DatasetInfo[]
  readonly runId: string | null
  readonly status: RunStatus
  readonly message: string | null
  readonly backend: string | null
  readonly epochs: number
  readonly epoch: number
  readonly step: number
  readonly stepsPerEpoch: number
  readonly samplesPerSec: number
  /** Threads training (more than 1 when replicas share each batch). */
  readonly threads: number
  readonly etaSec: number
  readonly curves: Curves
  /** The last phase's final metrics, once the run is done. */
  readonly final: Readonly<Record<string, number>> | null
  /** How long the run was estimated to take before it started (or on request), if known. */
  readonly estimate: RunEstimateInfo | null
  /** The phase training now (`train`, or a recipe's first phase such as `pretrain`). */
  readonly phase: string
  /** Bumped whenever `curves` grows (the arrays grow in place, so charts append cheaply). */
  readonly curvesVersion: number
  /** Every frame of each preview, oldest first (the GAN's fixed-noise grid over time, …). */
  readonly previews: Readonly<Record<string, readonly Preview[]>>
}

export const IDLE_RUN = {
  runId: null,
  status: 'idle',
  message: null,
  backend: null,
  epochs: 0,
  epoch: 0,
  step: 0,
  stepsPerEpoch: 0,
  samplesPerSec: 0,
  threads: 1,
  etaSec: 0,
  phase: 'train',
  estimate: null,
  final: null,
  curvesVersion: 0,
  previews: {},
} as const satisfies Partial<RunState>

export const useRun = create<RunState>()(() => ({
  engine: 'connecting',
  engineMessage: null,
  backends: [],
  datasets: [],
  ...IDLE_RUN,
  curves: noCurves(),
}))

/**
 * Clears the dock of a finished run (another document was loaded: its curves and previews are not
 * this one's; the run history keeps them). A run still training stays, so it can be stopped.
 */
export function forgetFinishedRun(): void {
  const s = useRun.getState()
  if (s.status === 'starting' || s.status === 'running' || s.status === 'paused') return
  releasePreviews(s.previews)
  useRun.setState({ ...IDLE_RUN, curves: noCurves() })
}

/** An object URL for PNG bytes (frames arrive as bytes, not base64 text). */
export function pngUrl(png: Uint8Array): string {
  return URL.createObjectURL(new Blob([new Uint8Array(png)], { type: 'image/png' }))
}

/** The bytes behind each points sheet's URL: a run's frames share one sheet while it is the same. */
const sheetBytes = new Map<string, Uint8Array>()

const sameBytes = (a: Uint8Array, b: Uint8Array) =>
  a.length === b.length && a.every((v, i) => v === b[i])

/** A frame's points, their images' sheet shared with the previous frame's when it is the same. */
function previewPoints(points: PlotPoints, previous: Preview | undefined): PreviewPoints {
  const images = points.images
  const before = previous?.points?.sheet
  const beforeBytes = before ? sheetBytes.get(before.src) : undefined
  let sheet: PreviewPoints['sheet']
  if (images && before && beforeBytes && sameBytes(beforeBytes, images.png)) sheet = before
  else if (images) {
    const src = pngUrl(images.png)
    sheetBytes.set(src, images.png)
    sheet = { src, tile: images.tile, columns: images.columns }
  }
  return {
    xy: points.xy,
    ...(points.classes ? { classes: points.classes } : {}),
    ...(sheet ? { sheet } : {}),
  }
}

/** Frees a frame's images, but not a points sheet that a kept frame still shows. */
function releaseFrame(frame: Preview, kept: readonly Preview[]): void {
  URL.revokeObjectURL(frame.src)
  const sheet = frame.points?.sheet?.src
  if (sheet && !kept.some((k) => k.points?.sheet?.src === sheet)) {
    URL.revokeObjectURL(sheet)
    sheetBytes.delete(sheet)
  }
}

/** Frees the images of a run's previews (when a new run replaces them). */
export function releasePreviews(previews: RunState['previews']): void {
  for (const frames of Object.values(previews)) for (const f of frames) releaseFrame(f, [])
}

/** Curves from a recorded run's points (batches and epochs, in order). */
export function curvesFromPoints(
  points: readonly {
    readonly x: number
    readonly metrics: Readonly<Record<string, number>>
    readonly epoch?: number | undefined
    readonly phase?: string | undefined
  }[],
): Curves {
  const curves = noCurves()
  for (const p of points)
    addPoint(curves, p.x, p.metrics, p.epoch !== undefined, p.phase ?? 'train')
  return curves
}

/** Appends one point to the curves, padding metrics that this point lacks. */
function addPoint(
  curves: Curves,
  x: number,
  metrics: Readonly<Record<string, number>>,
  atEpoch: boolean,
  phase: string,
): void {
  const n = curves.x.length
  curves.x.push(x)
  curves.atEpoch.push(atEpoch)
  curves.phase.push(phase)
  for (const [k, v] of Object.entries(metrics)) {
    const s = (curves.series[k] ??= Array<number | null>(n).fill(null))
    s.push(Number.isFinite(v) ? v : null)
  }
  for (const s of Object.values(curves.series)) if (s.length === n) s.push(null)
}

/** The run state after one training event (pure apart from appending to the curves). */
export function applyTrainEvent(s: RunState, e: WireTrainEvent): Partial<RunState> {
  switch (e.type) {
    case 'estimate':
      return {
        estimate: {
          secondsPerEpoch: e.secondsPerEpoch,
          firstEpochSeconds: e.firstEpochSeconds,
          totalSeconds: e.totalSeconds,
          backend: e.backend,
          threads: e.threads,
          memoryBytes: e.memoryBytes,
          phases: e.phases,
        },
      }
    case 'start':
      return {
        status: 'running',
        backend: e.backend,
        epochs: e.epochs,
        stepsPerEpoch: e.stepsPerEpoch,
        phase: e.phase,
        message: e.phase === 'train' ? null : `phase: ${e.phase}`,
      }
    case 'batch':
      addPoint(
        s.curves,
        e.epoch - 1 + e.step / Math.max(1, e.stepsPerEpoch),
        e.metrics,
        false,
        s.phase,
      )
      return {
        epoch: e.epoch,
        step: e.step,
        stepsPerEpoch: e.stepsPerEpoch,
        samplesPerSec: e.samplesPerSec,
        etaSec: e.etaSec,
        curvesVersion: s.curvesVersion + 1,
      }
    case 'epoch':
      addPoint(s.curves, e.epoch, e.metrics, true, s.phase)
      return {
        epoch: e.epoch,
        step: s.stepsPerEpoch,
        samplesPerSec: e.samplesPerSec,
        threads: e.threads,
        curvesVersion: s.curvesVersion + 1,
      }
    case 'notice':
      return { message: e.message }
    case 'preview': {
      const frame: Preview = {
        src: pngUrl(e.png),
        epoch: e.epoch,
        width: e.width,
        height: e.height,
        ...(e.stats ? { stats: e.stats } : {}),
        ...(e.labels ? { labels: e.labels } : {}),
        ...(e.grid ? { grid: e.grid } : {}),
        ...(e.batch ? { batch: e.batch } : {}),
        ...(e.moment ? { moment: e.moment } : {}),
        ...(e.points ? { points: previewPoints(e.points, s.previews[e.name]?.at(-1)) } : {}),
      }
      const frames = [...(s.previews[e.name] ?? []), frame]
      const kept = frames.slice(-MAX_FRAMES)
      for (const old of frames.slice(0, -MAX_FRAMES)) releaseFrame(old, kept)
      return { previews: { ...s.previews, [e.name]: kept } }
    }
    case 'stopped':
      return { status: e.reason === 'user' ? 'stopped' : 'failed', message: e.message }
    case 'done':
      return {
        status: 'done',
        etaSec: 0,
        message: `done: ${e.epochs} epoch(s)`,
        final: e.metrics,
      }
    case 'failed':
      return { status: 'failed', message: e.message }
  }
}
