import { z } from 'zod'
import { RUN_BOUNDS } from './runBounds'
import { BACKENDS } from './backends'
import { TEXT_ACTIONS, type CommandId } from './commands'
import { EXPORT_FORMATS } from './exportFormats'
import type { DocError } from './graph/docError'
import type { NodeIssue } from './graph/graphIndex'
import type { Shape } from './graph/shape'
import type { RunRecord, CurvePoint } from './runRecord'
import type { PreviewFrame, RunEstimate, TrainEvent } from './events'

export type { RunRecord, CurvePoint }

/**
 * The one contract between the renderer and the engine. The Electron preload, the engine host and
 * the browser-mode WebSocket client all derive their types from it; the receiving side parses every
 * request with the schemas below: the renderer is untrusted.
 */
export const API_VERSION = 1

/** A run's memory budget in bytes: 64 MB to 10 TB. */
const memoryBudget = z.number().min(64e6).max(1e13)

const runId = z.string().regex(/^run-[0-9a-z-]{1,40}$/, 'expected a run id')

/** Request schemas, one per call. */
export const REQUESTS = {
  'app:info': z.object({}),
  'templates:list': z.object({}),
  'templates:load': z.object({ id: z.string().min(1).max(64) }),
  'graph:validate': z.object({ doc: z.unknown() }),
  'backends:list': z.object({}),
  'datasets:discover': z.object({}),
  'train:start': z.object({
    doc: z.unknown(),
    backend: z.enum(['auto', ...BACKENDS]).optional(),
    epochs: z.number().int().positive().max(RUN_BOUNDS.epochs).optional(),
    limit: z.number().int().positive().max(RUN_BOUNDS.limit).optional(),
    /** Training threads (data-parallel); `auto`: one per core on the wasm and cpu backends. */
    threads: z
      .union([z.literal('auto'), z.number().int().min(1).max(RUN_BOUNDS.threads)])
      .optional(),
    /** The most memory the run may take, in bytes (default: half the machine's). */
    memoryBudget: memoryBudget.optional(),
  }),
  /** How long `train:start` with these settings would take (a few steps timed, nothing kept). */
  'train:estimate': z.object({
    doc: z.unknown(),
    backend: z.enum(['auto', ...BACKENDS]).optional(),
    epochs: z.number().int().positive().max(RUN_BOUNDS.epochs).optional(),
    limit: z.number().int().positive().max(RUN_BOUNDS.limit).optional(),
    memoryBudget: memoryBudget.optional(),
  }),
  /**
   * Continues a recorded run from its checkpoint (weights, optimizers' state): `epochs` more
   * (default: those it had left), numbered on, in the same run.
   */
  'train:continue': z.object({
    runId,
    epochs: z.number().int().positive().max(RUN_BOUNDS.epochs).optional(),
    backend: z.enum(['auto', ...BACKENDS]).optional(),
  }),
  'train:pause': z.object({ runId }),
  'train:resume': z.object({ runId }),
  'train:stop': z.object({ runId }),
  'runs:list': z.object({}),
  'runs:get': z.object({ runId }),
  'runs:decode': z.object({ runId, x: z.number().min(0).max(1), y: z.number().min(0).max(1) }),
  'runs:interpolate': z.object({
    runId,
    from: z.number().int().min(0).max(10_000_000),
    to: z.number().int().min(0).max(10_000_000),
    steps: z.number().int().min(1).max(32).default(8),
  }),
  /** The chapter's semantic interpolation: a row per latent axis, swept from −0.8 to 0.8. */
  'runs:sweep': z.object({ runId }),
  /** The chapter's t-SNE map of the codings of 500 test images (seconds: made on demand). */
  'runs:tsne': z.object({ runId }),
  'runs:exportFile': z.object({
    runId,
    path: z
      .string()
      .max(300)
      .regex(
        /^[A-Za-z0-9_-][A-Za-z0-9_.-]*(\/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$/,
        'expected a file of the export',
      ),
  }),
  'runs:export': z.object({
    runId,
    formats: z.array(z.enum(EXPORT_FORMATS)).min(1).max(EXPORT_FORMATS.length).optional(),
  }),
} as const

export type CallName = keyof typeof REQUESTS
export type Request<C extends CallName> = z.output<(typeof REQUESTS)[C]>

export interface TemplateSummary {
  readonly id: string
  readonly title: string
  readonly description: string
  readonly teaches?: string
  readonly recipe: string
}

export interface BackendInfo {
  readonly name: string
  readonly available: boolean
  /** Why a backend is not available here (no libtensorflow, no GPU, …). */
  readonly reason?: string
  /** How an available backend runs, when that matters for speed (wasm: with SIMD kernels or not). */
  readonly note?: string
  /** A word shown beside the name in the backend list: webgpu's adapter (vendor, or "software"). */
  readonly tag?: string
}

/** A dataset the training can use here. */
export interface DatasetInfo {
  readonly kind: 'embedded' | 'fashion-mnist'
  readonly label: string
  readonly available: boolean
  /** Where it was found. */
  readonly path?: string
  /** Why it is not available and how to get it. */
  readonly reason?: string
}

/** A document the engine could not read: the schema's messages, each naming its place. */
export interface DocProblem {
  readonly ok: false
  readonly errors: readonly DocError[]
}

/** A picture the engine made (PNG bytes), or why it could not. */
export type PictureResponse =
  | { readonly ok: true; readonly png: Uint8Array; readonly width: number; readonly height: number }
  | { readonly ok: false; readonly error: string }

/** What each call answers. */
export interface Responses {
  'app:info': {
    readonly apiVersion: number
    readonly engineVersion: string
    readonly mode: 'electron' | 'browser'
  }
  'templates:list': readonly TemplateSummary[]
  'templates:load': { readonly ok: true; readonly doc: unknown } | DocProblem
  'graph:validate':
    | {
        readonly ok: true
        readonly valid: boolean
        readonly errors: readonly NodeIssue[]
        readonly shapes: Readonly<Record<string, Shape>>
      }
    | DocProblem
  'backends:list': readonly BackendInfo[]
  'datasets:discover': readonly DatasetInfo[]
  'train:start':
    { readonly ok: true; readonly runId: string } | { readonly ok: false; readonly error: string }
  'train:continue':
    { readonly ok: true; readonly runId: string } | { readonly ok: false; readonly error: string }
  'train:estimate':
    | { readonly ok: true; readonly estimate: RunEstimate }
    | { readonly ok: false; readonly error: string }
  'train:pause': { readonly ok: boolean }
  'train:resume': { readonly ok: boolean }
  'train:stop': { readonly ok: boolean }
  'runs:list': readonly RunRecord[]
  'runs:get':
    | {
        readonly ok: true
        readonly record: RunRecord
        readonly curves: readonly CurvePoint[]
        /** The last frame of each preview. */
        readonly previews: readonly { readonly name: string; readonly png: Uint8Array }[]
      }
    | { readonly ok: false; readonly error: string }
  'runs:exportFile':
    | { readonly ok: true; readonly bytes: Uint8Array }
    | { readonly ok: false; readonly error: string }
  'runs:decode': PictureResponse
  'runs:interpolate': PictureResponse
  'runs:sweep': PictureResponse
  'runs:tsne': PictureResponse
  'runs:export':
    | {
        readonly ok: true
        /** The export folder on the engine's machine. */
        readonly dir: string
        /** Files written, relative to `dir`. */
        readonly files: readonly string[]
        readonly skipped: readonly string[]
      }
    | { readonly ok: false; readonly error: string }
}

/** Events the engine pushes: a training run's progress, previews, logs and end. */
export type EngineEvent =
  | { readonly type: 'train:event'; readonly runId: string; readonly event: WireTrainEvent }
  | { readonly type: 'log'; readonly level: 'info' | 'warn' | 'error'; readonly message: string }
  /** The engine process ended unexpectedly and was started again; running training was lost. */
  | { readonly type: 'engine:restarted'; readonly message: string }

/**
 * A training event as the renderer gets it: previews carry their PNG bytes (structured clone over
 * Electron's ports; tagged base64 over browser mode's socket, see wire.ts).
 */
export type WireTrainEvent = TrainEvent | { readonly type: 'failed'; readonly message: string }
export type { PreviewFrame }

/** A message from the renderer to the engine over a socket or a port. */
export const clientMessageSchema = z.object({
  id: z.number().int().nonnegative(),
  call: z.enum(Object.keys(REQUESTS) as [CallName, ...CallName[]]),
  request: z.unknown(),
})
export type ClientMessage = z.output<typeof clientMessageSchema>

/** A message from the engine: the answer to a call, or an event. */
export type ServerMessage =
  | { readonly id: number; readonly ok: true; readonly response: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string }
  | { readonly event: EngineEvent }

/** The engine's side of the contract: one typed handler per call. */
export type Handlers = { readonly [C in CallName]: (req: Request<C>) => Promise<Responses[C]> }

/** A command the desktop menus send to the renderer, which runs it as its toolbar and shortcuts do. */
export type MenuCommand = CommandId

/**
 * Calls the desktop shell answers itself (native dialogs, files the user chose), checked by the
 * Electron main process like the engine's. A save may name only a path the shell handed out.
 */
export const SHELL_REQUESTS = {
  'documents:open': z.object({}),
  /** The next document the desktop asked the app to open (its file manager, a second start). */
  'documents:pending': z.object({}),
  'documents:save': z.object({
    text: z.string().max(20 * 1024 * 1024),
    /** The file this document came from; absent for Save As. */
    path: z.string().min(1).max(4096).optional(),
    suggestedName: z.string().min(1).max(255),
  }),
  /** A folder of images picked in a dialog; the engine may then read it as a dataset. */
  'datasets:chooseFolder': z.object({}),
  /** A text-editing action on the page's focused field (an Edit menu item chosen while typing). */
  'edit:text': z.object({ action: z.enum(TEXT_ACTIONS) }),
} as const
export type ShellCallName = keyof typeof SHELL_REQUESTS
export type ShellRequest<C extends ShellCallName> = z.output<(typeof SHELL_REQUESTS)[C]>

/** A file the user chose, or why there is none (`cancelled` when they closed the dialog). */
export type ShellFileResponse<T> =
  | ({ readonly ok: true; readonly path: string; readonly name: string } & T)
  | { readonly ok: false; readonly cancelled: boolean; readonly error?: string }

export interface ShellResponses {
  'documents:open': ShellFileResponse<{ readonly text: string }>
  /** `cancelled` when none is waiting. */
  'documents:pending': ShellFileResponse<{ readonly text: string }>
  'documents:save': ShellFileResponse<object>
  'datasets:chooseFolder': ShellFileResponse<object>
  'edit:text': { readonly ok: boolean }
}

/** What the Electron preload exposes on `window.latentStudioShell` besides the engine. */
export interface ShellBridge {
  readonly platform: string
  onMenuCommand(listener: (command: MenuCommand) => void): () => void
  /** Tells the page that documents wait to be opened (take them with `documents:pending`). */
  onDocumentsWaiting(listener: () => void): () => void
  call<C extends ShellCallName>(name: C, request: ShellRequest<C>): Promise<ShellResponses[C]>
}
