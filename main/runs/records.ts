import { appendFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { CompiledGraph } from '../tfjs/compile'
import { parseDocumentText } from '../../common/graph/parse'
import { err, type Result } from '../../common/graph/result'
import type { GraphDoc } from '../../common/graph/schema'
import type { TrainEvent } from '../../common/events'
import {
  curvePointSchema,
  runRecordSchema,
  RUN_RECORD_VERSION,
  type CurvePoint,
  type RunConfig,
  type RunOutcome,
  type RunRecord,
} from '../../common/runRecord'
import { writeAtomic } from '../documents/documents'
import {
  saveCheckpoint,
  writeSnapshot,
  type CheckpointState,
  type WeightsSnapshot,
} from './checkpoint'

let runCounter = 0

/** A fresh run id: time-ordered, unique within the process. */
export function newRunId(): string {
  return `run-${Date.now().toString(36)}-${process.pid.toString(36)}-${(runCounter++).toString(36)}`
}

/** Where runs live: $LATENT_STUDIO_HOME/runs, else ~/.latent-studio/runs. */
export function runsDir(): string {
  return join(process.env['LATENT_STUDIO_HOME'] ?? join(homedir(), '.latent-studio'), 'runs')
}

const pad = (n: number) => String(n).padStart(4, '0')

/**
 * A batch's or an epoch's point of the curves as one line of metrics.jsonl: the run history's
 * file and the CLI's --out file are both written with this.
 */
export function curveLine(e: Extract<TrainEvent, { type: 'batch' | 'epoch' }>): string {
  const point: CurvePoint =
    e.type === 'batch'
      ? { x: e.epoch - 1 + e.step / Math.max(1, e.stepsPerEpoch), metrics: e.metrics }
      : {
          x: e.epoch,
          metrics: e.metrics,
          epoch: e.epoch,
          phase: e.phase,
          samplesPerSec: e.samplesPerSec,
          seconds: e.seconds,
        }
  return `${JSON.stringify(point)}\n`
}

/**
 * Records a run on disk as it trains: run.json, graph.json, metrics.jsonl (a point per batch and
 * per epoch), previews/ (every frame, as PNG) and, at the end, the checkpoint of every layer.
 */
export class RunRecorder {
  private record: RunRecord
  private chain: Promise<void>
  readonly dir: string

  constructor(
    id: string,
    doc: GraphDoc,
    config: RunConfig,
    root = runsDir(),
    continued?: { readonly record: RunRecord; readonly keep: (point: CurvePoint) => boolean },
  ) {
    this.dir = join(root, id)
    if (continued) {
      // Training again in this process; the curves keep what the checkpoint's weights had done.
      const r = continued.record
      this.record = {
        version: r.version,
        id: r.id,
        title: r.title,
        recipe: r.recipe,
        startedAt: r.startedAt,
        status: 'running',
        config,
        epochsCompleted: r.epochsCompleted,
        metrics: r.metrics,
        checkpoint: r.checkpoint,
        ...(r.checkpointEpoch !== undefined ? { checkpointEpoch: r.checkpointEpoch } : {}),
        pid: process.pid,
      }
      this.chain = readCurves(this.dir).then(async (points) => {
        const kept = points.slice(0, keptPoints(points, continued.keep))
        await writeAtomic(
          join(this.dir, 'metrics.jsonl'),
          kept.map((p) => `${JSON.stringify(p)}\n`).join(''),
        )
        await this.writeRecord()
      })
      this.ready = this.chain
      return
    }
    this.record = {
      version: RUN_RECORD_VERSION,
      id,
      title: doc.meta.title,
      recipe: doc.training.recipe,
      startedAt: new Date().toISOString(),
      status: 'running',
      config,
      epochsCompleted: 0,
      metrics: {},
      checkpoint: false,
      pid: process.pid,
    }
    this.chain = mkdir(join(this.dir, 'previews'), { recursive: true }).then(async () => {
      await writeFile(join(this.dir, 'graph.json'), JSON.stringify(doc, null, 2))
      await writeFile(join(this.dir, 'metrics.jsonl'), '')
      await this.writeRecord()
    })
    this.ready = this.chain
  }

  /** Resolves once the run is on disk (a run that has started is in the history, even if it dies). */
  readonly ready: Promise<void>

  /** Atomic: a crash mid-write leaves the previous record, never a run missing from the history. */
  private writeRecord(): Promise<void> {
    return writeAtomic(join(this.dir, 'run.json'), JSON.stringify(this.record, null, 2))
  }

  /**
   * Saves the weights at an epoch's end (taken now, written in the background), so that an engine
   * that dies later leaves this epoch's checkpoint behind; resolves once it is committed.
   */
  checkpoint(snapshot: WeightsSnapshot, state: CheckpointState): Promise<void> {
    return this.then(async () => {
      await writeSnapshot(snapshot, join(this.dir, 'checkpoint'), state)
      this.record = { ...this.record, checkpoint: true, checkpointEpoch: state.epoch }
      await this.writeRecord()
    })
  }

  /** Records how `auto` chose the run's backend (each candidate's timed epoch). */
  choseBackend(timings: readonly { backend: string; secondsPerEpoch: number }[]): void {
    this.record = { ...this.record, config: { ...this.record.config, backendChoice: [...timings] } }
    void this.then(() => this.writeRecord())
  }

  /** Queues a write after the others; resolves once it is done. */
  private then(task: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(task)
    return this.chain
  }

  /** Appends what an event adds to the run's files. */
  event(e: TrainEvent): void {
    switch (e.type) {
      case 'batch':
      case 'epoch': {
        const line = curveLine(e)
        void this.then(() => appendFile(join(this.dir, 'metrics.jsonl'), line))
        if (e.type === 'epoch') {
          this.record = { ...this.record, epochsCompleted: e.epoch, metrics: e.metrics }
          void this.then(() => this.writeRecord())
        }
        return
      }
      case 'preview': {
        const file = join(this.dir, 'previews', `${pad(e.epoch)}-${e.name}.png`)
        const png = e.png
        void this.then(() => writeFile(file, png))
        // The latest latent map's projection, to decode points of it later.
        const projection = e.projection
        if (projection)
          void this.then(() =>
            writeFile(join(this.dir, 'previews', `${e.name}.json`), JSON.stringify(projection)),
          )
        return
      }
      case 'start':
        // The backend it actually runs on, not `auto`.
        if (this.record.config.backend !== e.backend) {
          this.record = { ...this.record, config: { ...this.record.config, backend: e.backend } }
          void this.then(() => this.writeRecord())
        }
        return
      case 'estimate':
      case 'notice':
      case 'stopped':
      case 'done':
        // The end is recorded by finish(), with the checkpoint.
        return
    }
  }

  /** Ends the run: its outcome, and the checkpoint when there are trained models. */
  async finish(status: RunOutcome, message?: string, compiled?: CompiledGraph): Promise<RunRecord> {
    await this.chain
    // The run ends with the weights of its last completed epoch (stops and failures roll back to
    // them), which that epoch's checkpoint already holds; a run with no completed epoch saves here.
    const saved =
      this.record.checkpoint && this.record.checkpointEpoch === this.record.epochsCompleted
    if (compiled && !saved) await saveCheckpoint(compiled, join(this.dir, 'checkpoint'))
    this.record = {
      ...this.record,
      status,
      ...(message !== undefined ? { message } : {}),
      finishedAt: new Date().toISOString(),
      // The final weights, or else the last epoch's checkpoint if one was saved.
      checkpoint: compiled !== undefined || this.record.checkpoint,
      ...(compiled ? { checkpointEpoch: this.record.epochsCompleted } : {}),
    }
    await this.writeRecord()
    return this.record
  }
}

/**
 * How many of a run's curve points to keep when it continues: those up to and including the last
 * epoch point that `isLast` recognizes (the checkpoint's epoch); none when there is none.
 */
function keptPoints(points: readonly CurvePoint[], isLast: (p: CurvePoint) => boolean): number {
  for (let i = points.length - 1; i >= 0; i--) {
    const p = points[i]
    if (p && isLast(p)) return i + 1
  }
  return 0
}

/** Every recorded run, newest first (unreadable folders are skipped). */
export async function listRuns(root = runsDir()): Promise<RunRecord[]> {
  let names: string[]
  try {
    names = await readdir(root)
  } catch {
    return []
  }
  const records = await Promise.all(names.map((n) => readRecord(n, root)))
  return records
    .filter((r): r is RunRecord => r !== null)
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
}

const alive = (pid: number | undefined) => {
  if (pid === undefined) return false
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * A run recorded as training whose process is gone (killed outright, crashed) is marked
 * interrupted, on disk, the moment anything reads it: the history never shows a run as training
 * forever, whichever command or app looks first.
 */
async function settled(r: RunRecord, root: string): Promise<RunRecord> {
  if (r.status !== 'running' || r.pid === process.pid || alive(r.pid)) return r
  return interrupted(r, root, 'the process training it stopped')
}

/** Writes a running run's record as interrupted by `cause`, saying what it kept. */
async function interrupted(r: RunRecord, root: string, cause: string): Promise<RunRecord> {
  const record: RunRecord = {
    ...r,
    status: 'interrupted',
    message: `interrupted: ${cause} ${r.epochsCompleted < r.config.epochs ? `during epoch ${String(r.epochsCompleted + 1)}` : 'after its last epoch'}; ${
      r.checkpoint && r.checkpointEpoch !== undefined
        ? `the weights of epoch ${String(r.checkpointEpoch)} are kept, and training can continue from them`
        : 'no weights were saved'
    }`,
  }
  await writeAtomic(join(root, r.id, 'run.json'), JSON.stringify(record, null, 2))
  return record
}

/**
 * Marks a run of this process as interrupted when it is still recorded as training (its training
 * thread died under it); returns the message written, or null when the run had ended.
 */
export async function interruptRun(
  id: string,
  root: string,
  cause: string,
): Promise<string | null> {
  const raw = await readRawRecord(id, root)
  if (raw?.status !== 'running') return null
  return (await interrupted(raw, root, cause)).message ?? null
}

/** Marks every run whose process died mid-training as interrupted; returns their ids. */
export async function markInterrupted(root = runsDir()): Promise<string[]> {
  const marked: string[] = []
  for (const name of await readdir(root).catch(() => [])) {
    const raw = await readRawRecord(name, root)
    if (raw?.status !== 'running') continue
    if ((await settled(raw, root)).status === 'interrupted') marked.push(raw.id)
  }
  return marked
}

/** A run's record as the file says, or null when it does not exist or cannot be read. */
async function readRawRecord(id: string, root: string): Promise<RunRecord | null> {
  try {
    const parsed = runRecordSchema.safeParse(
      JSON.parse(await readFile(join(root, id, 'run.json'), 'utf8')),
    )
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/**
 * A run's record, or null when it does not exist or cannot be read; one whose training process
 * is gone is marked interrupted first.
 */
export async function readRecord(id: string, root = runsDir()): Promise<RunRecord | null> {
  const raw = await readRawRecord(id, root)
  return raw ? settled(raw, root) : null
}

/** A run's curve points, in order. */
export async function readCurves(runDir: string): Promise<CurvePoint[]> {
  const text = await readFile(join(runDir, 'metrics.jsonl'), 'utf8').catch(() => '')
  return text
    .split('\n')
    .filter((l) => l.trim())
    .flatMap((l) => {
      // A line torn by a crash mid-append is skipped, not a reason to lose the whole curve.
      try {
        const point = curvePointSchema.safeParse(JSON.parse(l))
        return point.success ? [point.data] : []
      } catch {
        return []
      }
    })
}

/** The last frame of each preview of a run: name → PNG bytes. */
export async function finalPreviews(runDir: string): Promise<Map<string, Uint8Array>> {
  const dir = join(runDir, 'previews')
  const files = (await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.png')).sort()
  const latest = new Map<string, string>()
  for (const f of files) latest.set(f.replace(/^\d+-/, '').replace(/\.png$/, ''), f)
  const out = new Map<string, Uint8Array>()
  for (const [name, f] of latest) out.set(name, new Uint8Array(await readFile(join(dir, f))))
  return out
}

/** The run's document, as it was trained. */
export async function runDocument(runDir: string): Promise<Result<GraphDoc>> {
  const text = await readFile(join(runDir, 'graph.json'), 'utf8').catch(() => null)
  if (text === null) return err(`no graph.json in ${runDir}`)
  const doc = parseDocumentText(text)
  return doc.ok
    ? doc
    : err(`the run's graph.json is damaged: ${doc.error.map((e) => e.message).join('; ')}`)
}
