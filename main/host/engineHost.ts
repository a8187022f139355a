import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { EngineEvent, Handlers } from '../../common/api'
import { API_VERSION } from '../../common/api'
import { fashionMnistCandidates, findFashionMnist } from '../data/fashionMnist'
import { datasetRoots } from '../data/roots'
import { listBackends } from '../tfjs/backend'
import { listTemplates, loadTemplate } from '../documents/templates'
import { exportRun } from '../export/exportRun'
import { parseDocument } from '../../common/graph/parse'
import type { Result } from '../../common/graph/result'
import { validateGraph } from '../../common/graph/validate'
import { RunExplorer, type Picture } from '../runs/explore'
import { finalPreviews, listRuns, readCurves, readRecord, runsDir } from '../runs/records'
import { localTrainer, type RunHandle, type Trainer, type TrainerRun } from './trainer'

/** How an engine host is set up; every field has a default. */
export interface EngineHostOptions {
  readonly engineVersion?: string
  /** The run history's folder. */
  readonly root?: string
  /** Where documents may point the engine at datasets; read again for every run. */
  readonly roots?: () => readonly string[]
  /** Where runs train (default: in this thread; the engine process trains in a thread of its own). */
  readonly trainer?: (root: string, emit: (e: EngineEvent) => void) => Trainer
}

/**
 * The engine behind the API contract: the same calls for the Electron engine process and for
 * browser mode. One training run at a time.
 */
export function createEngineHost(
  emit: (e: EngineEvent) => void,
  mode: 'electron' | 'browser',
  {
    engineVersion = '0.1.0',
    root = runsDir(),
    roots = () => datasetRoots(),
    trainer: makeTrainer = localTrainer,
  }: EngineHostOptions = {},
): Handlers {
  const trainer = makeTrainer(root, emit)
  const runs = new Map<string, RunHandle>()
  const explorer = new RunExplorer()
  const picture = async (runId: string, make: (dir: string) => Promise<Result<Picture>>) => {
    if (!(await readRecord(runId, root))?.checkpoint)
      return { ok: false as const, error: `run ${runId} has no saved weights to explore` }
    const r = await make(join(root, runId))
    return r.ok ? { ok: true as const, ...r.value } : { ok: false as const, error: r.error }
  }
  let active: string | null = null
  const control = (runId: string) => runs.get(runId)
  /** Starts a run (new or continued) as the one active run; the explorer's models are freed. */
  const launch = async (
    start: () => Promise<Result<TrainerRun>>,
  ): Promise<{ ok: true; runId: string } | { ok: false; error: string }> => {
    explorer.release()
    active = 'starting'
    const run = await start()
    if (!run.ok) {
      active = null
      return { ok: false, error: run.error }
    }
    const { runId, control: c, ended } = run.value
    runs.set(runId, c)
    active = runId
    void ended.finally(() => {
      if (active === runId) active = null
    })
    return { ok: true, runId }
  }

  return {
    'app:info': () => Promise.resolve({ apiVersion: API_VERSION, engineVersion, mode }),
    'templates:list': () => Promise.resolve(listTemplates()),
    'templates:load': ({ id }) => {
      const doc = loadTemplate(id)
      return Promise.resolve(
        doc.ok ? { ok: true as const, doc: doc.value } : { ok: false as const, errors: doc.error },
      )
    },
    'graph:validate': ({ doc }) => {
      const parsed = parseDocument(doc)
      if (!parsed.ok) return Promise.resolve({ ok: false as const, errors: parsed.error })
      const report = validateGraph(parsed.value)
      return Promise.resolve({
        ok: true as const,
        valid: report.ok,
        errors: report.errors,
        shapes: report.shapes,
      })
    },
    'backends:list': async () =>
      (await listBackends()).map((a) => ({
        name: a.name,
        available: a.ok,
        ...(a.reason !== undefined ? { reason: a.reason } : {}),
        ...(a.note !== undefined ? { note: a.note } : {}),
        ...(a.tag !== undefined ? { tag: a.tag } : {}),
      })),
    'datasets:discover': () => {
      const full = findFashionMnist()
      return Promise.resolve([
        {
          kind: 'embedded' as const,
          label: 'Fashion-MNIST subset (2,000 + 500 images, embedded)',
          available: true,
        },
        full
          ? {
              kind: 'fashion-mnist' as const,
              label: 'Fashion-MNIST (60,000 + 10,000 images)',
              available: true,
              path: full,
            }
          : {
              kind: 'fashion-mnist' as const,
              label: 'Fashion-MNIST (60,000 + 10,000 images)',
              available: false,
              reason: `not found in ${fashionMnistCandidates().join(', ')}: run \`latent-studio download fashion-mnist\` or install Debian's dataset-fashion-mnist`,
            },
      ])
    },
    'train:estimate': async ({ doc: raw, epochs, limit, backend, memoryBudget }) => {
      if (active !== null) return { ok: false as const, error: `run ${active} is training` }
      const parsed = parseDocument(raw)
      if (!parsed.ok)
        return {
          ok: false as const,
          error: parsed.error.map((e) => `${e.path}: ${e.message}`).join('\n'),
        }
      const r = await trainer.estimate({
        doc: parsed.value,
        ...(epochs !== undefined ? { epochs } : {}),
        ...(limit !== undefined ? { limit } : {}),
        ...(backend !== undefined ? { backend } : {}),
        ...(memoryBudget !== undefined ? { memoryBudget } : {}),
        datasetRoots: roots(),
      })
      return r.ok
        ? { ok: true as const, estimate: r.value }
        : { ok: false as const, error: r.error }
    },
    'train:start': async ({ doc: raw, epochs, limit, backend, threads, memoryBudget }) => {
      if (active !== null) return { ok: false as const, error: `run ${active} is still training` }
      const parsed = parseDocument(raw)
      if (!parsed.ok)
        return {
          ok: false as const,
          error: parsed.error.map((e) => `${e.path}: ${e.message}`).join('\n'),
        }
      return launch(() =>
        trainer.start({
          doc: parsed.value,
          ...(epochs !== undefined ? { epochs } : {}),
          ...(limit !== undefined ? { limit } : {}),
          ...(backend !== undefined ? { backend } : {}),
          ...(threads !== undefined ? { threads } : {}),
          ...(memoryBudget !== undefined ? { memoryBudget } : {}),
          datasetRoots: roots(),
        }),
      )
    },
    'train:continue': async ({ runId, epochs, backend }) => {
      if (active !== null) return { ok: false as const, error: `run ${active} is still training` }
      return launch(() =>
        trainer.continue({
          runId,
          ...(epochs !== undefined ? { epochs } : {}),
          ...(backend !== undefined ? { backend } : {}),
          datasetRoots: roots(),
        }),
      )
    },
    'train:pause': ({ runId }) => {
      control(runId)?.pause()
      return Promise.resolve({ ok: control(runId) !== undefined })
    },
    'train:resume': ({ runId }) => {
      control(runId)?.resume()
      return Promise.resolve({ ok: control(runId) !== undefined })
    },
    'train:stop': ({ runId }) => {
      control(runId)?.stop()
      return Promise.resolve({ ok: control(runId) !== undefined })
    },
    'runs:list': () => listRuns(root),
    'runs:get': async ({ runId }) => {
      const record = await readRecord(runId, root)
      if (!record) return { ok: false as const, error: `no run ${runId}` }
      const dir = join(root, runId)
      const previews = [...(await finalPreviews(dir))].map(([name, png]) => ({ name, png }))
      return { ok: true as const, record, curves: await readCurves(dir), previews }
    },
    'runs:decode': ({ runId, x, y }) => picture(runId, (dir) => explorer.decodeAt(dir, x, y)),
    'runs:sweep': ({ runId }) => picture(runId, (dir) => explorer.sweep(dir)),
    'runs:tsne': ({ runId }) => picture(runId, (dir) => explorer.tsneMap(dir)),
    'runs:interpolate': ({ runId, from, to, steps }) =>
      picture(runId, (dir) => explorer.interpolate(dir, from, to, steps)),
    'runs:exportFile': async ({ runId, path }) => {
      // The schema allows no "..", no absolute path and no leading dot: the file is inside the export.
      const bytes = await readFile(join(root, runId, 'export', path)).catch(() => null)
      return bytes
        ? { ok: true as const, bytes: new Uint8Array(bytes) }
        : { ok: false as const, error: `no exported file ${path} in run ${runId}: export it first` }
    },
    'runs:export': async ({ runId, formats }) => {
      const record = await readRecord(runId, root)
      if (!record) return { ok: false as const, error: `no run ${runId}` }
      if (!record.checkpoint)
        return {
          ok: false as const,
          error:
            record.status === 'running'
              ? 'the run is still training: export when it ends'
              : 'the run ended before it saved any weights',
        }
      const r = await exportRun(join(root, runId), formats)
      return r.ok ? { ok: true as const, ...r.value } : { ok: false as const, error: r.error }
    },
  }
}
