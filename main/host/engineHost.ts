import { Buffer } from 'node:buffer'
import * as tf from '@tensorflow/tfjs'
import type { EngineEvent, Handlers, WireTrainEvent } from '../api'
import { API_VERSION } from '../api'
import { BACKENDS, initBackend } from '../engine/backend'
import { listTemplates, loadTemplate } from '../engine/templates'
import { fashionMnistCandidates, findFashionMnist } from '../data/fashionMnist'
import { parseDocument } from '../graph/parse'
import { validateGraph } from '../graph/validate'
import { RunControl } from '../train/control'
import type { TrainEvent } from '../train/events'
import { trainDocument } from '../train/run'

/** A training event in its wire form (PNG bytes as base64). */
export function toWire(e: TrainEvent): WireTrainEvent {
  if (e.type !== 'preview') return e
  const { png, ...rest } = e
  return { ...rest, pngBase64: Buffer.from(png).toString('base64') }
}

let runCounter = 0

/**
 * The engine behind the API contract: the same calls for the Electron engine process and for
 * browser mode. One training run at a time (the engine's backend is single-threaded here).
 */
export function createEngineHost(
  emit: (e: EngineEvent) => void,
  mode: 'electron' | 'browser',
  engineVersion = '0.1.0',
): Handlers {
  const runs = new Map<string, RunControl>()
  let active: string | null = null
  const control = (runId: string) => runs.get(runId)

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
    'backends:list': async () => {
      const choice = await initBackend('auto')
      const attempts = choice.ok ? choice.value.attempts : choice.error
      return BACKENDS.map((name) => {
        const a = attempts.find((x) => x.name === name)
        return {
          name,
          available: a?.ok ?? false,
          ...(a?.reason !== undefined ? { reason: a.reason } : a ? {} : { reason: 'not tried' }),
        }
      })
    },
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
    'train:start': ({ doc, epochs, limit, backend }) => {
      if (active !== null)
        return Promise.resolve({ ok: false as const, error: `run ${active} is still training` })
      const parsed = parseDocument(doc)
      if (!parsed.ok)
        return Promise.resolve({
          ok: false as const,
          error: parsed.error.map((e) => `${e.path}: ${e.message}`).join('\n'),
        })
      // Only the latest run's weights are kept (run history and export are not built yet).
      tf.disposeVariables()
      const runId = `run-${Date.now().toString(36)}-${(runCounter++).toString(36)}`
      const ctl = new RunControl()
      runs.set(runId, ctl)
      active = runId
      const send = (event: WireTrainEvent) => {
        emit({ type: 'train:event', runId, event })
      }
      void trainDocument(parsed.value, {
        control: ctl,
        ...(backend !== undefined ? { backend } : {}),
        ...(epochs !== undefined ? { epochs } : {}),
        ...(limit !== undefined ? { limit } : {}),
        onEvent: (e) => {
          send(toWire(e))
        },
      })
        .then((r) => {
          if (!r.ok) send({ type: 'failed', message: r.error })
        })
        .catch((e: unknown) => {
          // A bug in the engine: the run ends, the host stays up and says so.
          send({
            type: 'failed',
            message: `internal error: ${e instanceof Error ? e.message : String(e)}`,
          })
        })
        .finally(() => {
          if (active === runId) active = null
        })
      return Promise.resolve({ ok: true as const, runId })
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
  }
}
