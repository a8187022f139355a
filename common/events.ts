/** Named loss and metric values, e.g. `{ loss: 0.031, val_loss: 0.033 }`. */
export type Metrics = Readonly<Record<string, number>>

/** A preview image (a grid of examples) as PNG bytes. */
export interface PreviewFrame {
  readonly type: 'preview'
  readonly epoch: number
  /** What the grid shows, e.g. `reconstructions`, `samples`, `gan-fixed-noise`, `denoising`. */
  readonly name: string
  readonly width: number
  readonly height: number
  readonly png: Uint8Array
  /** Extra figures that go with the frame (D(real), diversity, …). */
  readonly stats?: Metrics
  /** For a latent map: how its pixels map back to codings, so a point on it can be decoded. */
  readonly projection?: LatentProjection
  /** For a latent map: where each point is, its class and the image it stands for (hovering). */
  readonly points?: PlotPoints
  /** What the grid's rows and columns show, for the labels drawn beside it. */
  readonly labels?: PreviewLabels
  /** The grid's rows and columns of tiles (each tile followed by a 1-pixel gap). */
  readonly grid?: { readonly rows: number; readonly columns: number }
  /** Made during the epoch (not at its end): after this many of its batches. */
  readonly batch?: { readonly done: number; readonly of: number }
  /**
   * Made when the user paused (the weights as they are), or stopped (the kept weights: those of
   * `epoch`, the last completed epoch).
   */
  readonly moment?: 'paused' | 'stopped'
}

/** What a preview grid's rows and columns are (original / reconstruction; x_T … x₀ by step). */
export interface PreviewLabels {
  /** One line on what the grid is. */
  readonly caption?: string
  /** Each row's label, top to bottom (fewer than the rows: the first rows only). */
  readonly rows?: readonly string[]
  /** Each column's label, left to right. */
  readonly columns?: readonly string[]
  /** What the colours of a plot mean (a latent map's classes), as CSS colours. */
  readonly legend?: readonly { readonly colour: string; readonly label: string }[]
}

/** A plot's points, in the order of the examples they stand for. */
export interface PlotPoints {
  /** x, y of each point in turn, as fractions (0–1) of the plot's width and height from the top left. */
  readonly xy: readonly number[]
  /** Each point's class name, when the set has labels. */
  readonly classes?: readonly string[]
  /** Each point's image: tiles of `tile` pixels in a grid of `columns`, point i at tile i. */
  readonly images?: {
    readonly png: Uint8Array
    readonly tile: { readonly width: number; readonly height: number }
    readonly columns: number
  }
}

/**
 * A latent map's plane: codings = mean + (x − mean·u)·u + (y − mean·v)·v, where x and y run over
 * `xRange` and `yRange` across the image inside a `margin` of pixels (y upwards).
 */
export interface LatentProjection {
  readonly mean: readonly number[]
  readonly u: readonly number[]
  readonly v: readonly number[]
  readonly xRange: readonly [number, number]
  readonly yRange: readonly [number, number]
  readonly margin: number
}

/** Everything a training run reports, in order: start, batches and epochs with previews, then the end. */
/** How long a run will take, from timing a few of its steps on this machine. */
export interface RunEstimate {
  /** An epoch's time once the run has warmed up (the last phase's). */
  readonly secondsPerEpoch: number
  /** The first epoch's: its first validation and FID cost more (the first phase's). */
  readonly firstEpochSeconds: number
  readonly totalSeconds: number
  readonly backend: string
  readonly threads: number
  /** The run's estimated peak memory, in bytes (see estimateMemory). */
  readonly memoryBytes: number
  /**
   * How `auto` chose the backend, when a hardware GPU made it a choice: each candidate's timed
   * seconds per epoch (the estimate is the chosen one's).
   */
  readonly backendChoice?: readonly { readonly backend: string; readonly secondsPerEpoch: number }[]
  /** Each phase's epochs and time per epoch (one phase for most recipes). */
  readonly phases: readonly {
    readonly name: string
    readonly epochs: number
    readonly secondsPerEpoch: number
    readonly firstEpochSeconds: number
  }[]
}

export type TrainEvent =
  /** Before training: how long the run will take, from a few timed steps. */
  | ({ readonly type: 'estimate' } & RunEstimate)
  | {
      readonly type: 'start'
      /** `train`, or `pretrain` for the autoencoder phase before a classifier. */
      readonly phase: string
      readonly recipe: string
      /** The number of the phase's last epoch: its epochs, counting those a continued run had. */
      readonly epochs: number
      /** The number of the first epoch trained now: 1, or the next one of a continued run. */
      readonly firstEpoch?: number
      /**
       * What sets this phase's epochs: `epochs` (the document's, or `--epochs`) or one of the
       * recipe's settings (`settings.pretrainEpochs`, `settings.layerEpochs`).
       */
      readonly epochsSetBy?: string
      readonly stepsPerEpoch: number
      readonly trainExamples: number
      readonly backend: string
    }
  | {
      readonly type: 'batch'
      readonly epoch: number
      readonly step: number
      readonly stepsPerEpoch: number
      readonly metrics: Metrics
      readonly samplesPerSec: number
      readonly etaSec: number
    }
  | {
      readonly type: 'epoch'
      readonly phase: string
      readonly epoch: number
      readonly metrics: Metrics
      readonly samplesPerSec: number
      readonly seconds: number
      /** Time spent making previews since the previous epoch event (the last epoch-end ones included). */
      readonly previewSeconds: number
      /** Threads that trained at the epoch's end (data-parallel replicas included). */
      readonly threads: number
    }
  | {
      /** Something the user should know that does not stop the run (e.g. threads joining or failing). */
      readonly type: 'notice'
      readonly message: string
    }
  | PreviewFrame
  | {
      readonly type: 'stopped'
      /** `nan`: a loss became NaN or infinite; `error`: a step failed (out of memory, a bug). */
      readonly reason: 'user' | 'nan' | 'error'
      readonly epoch: number
      readonly message: string
    }
  | {
      readonly type: 'done'
      readonly epochs: number
      readonly metrics: Metrics
      /** Time this run (phase) spent making previews, in all. */
      readonly previewSeconds: number
    }
