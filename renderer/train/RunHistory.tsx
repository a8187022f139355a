import { useState } from 'react'
import { recipeSpec } from '../../main/recipes/specs'
import { ModalDialog } from '../ModalDialog'
import { downloadExported, exportRun, showRun } from '../history'
import { MAX_COMPARE, useRunHistory, type RunDetails } from '../store/historyStore'
import { useGraph } from '../store/graphStore'
import { RunCharts } from './RunCharts'
import { MetricChart } from './MetricChart'
import { overlayData } from './chartGroups'
import { curvesCsv, downloadText } from './curvesCsv'
import { LatentExplorer } from './LatentExplorer'
import { ContinueRun } from './ContinueRun'
import './RunHistory.css'

const when = (iso: string) => new Date(iso).toLocaleString()
/** The run's last loss, named: validation loss first, else the training loss, else a GAN's. */
const lastLoss = (m: Readonly<Record<string, number>>) => {
  const key = ['val_loss', 'loss', 'dLoss'].find((k) => m[k] !== undefined)
  const v = key === undefined ? undefined : m[key]
  return key === undefined || v === undefined ? '–' : `${key} ${v.toPrecision(4)}`
}

/** The run history: every recorded run, two side by side, export and latent exploration. */
export function RunHistory({ onClose }: { onClose: () => void }) {
  const { runs, compare, details, error, exploring } = useRunHistory()
  const [filter, setFilter] = useState('')
  const q = filter.trim().toLowerCase()
  const shown = q
    ? runs.filter((r) => r.title.toLowerCase().includes(q) || r.recipe.toLowerCase().includes(q))
    : runs
  const title = useGraph((s) => s.doc.meta.title)
  return (
    <ModalDialog className="gallery history" labelledBy="history-title" onCancel={onClose}>
      <header>
        <h2 id="history-title">Run history</h2>
        <button type="button" onClick={onClose} aria-label="Close run history">
          ✕
        </button>
      </header>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {runs.length > 0 && (
        <div className="history-filter">
          <input
            type="search"
            placeholder="Filter by document or recipe"
            aria-label="Filter runs by document or recipe"
            value={filter}
            onChange={(e) => {
              setFilter(e.target.value)
            }}
          />
          <span className="muted">
            {shown.length} of {runs.length} runs
          </span>
        </div>
      )}
      {runs.length === 0 ? (
        <p className="muted">No runs yet: train a model and it appears here.</p>
      ) : (
        <table className="history-table">
          <thead>
            <tr>
              <th>Compare</th>
              <th>Started</th>
              <th>Document</th>
              <th>Recipe</th>
              <th>Epochs</th>
              <th title="The last epoch's validation loss, else its training loss (a GAN: the discriminator's)">
                Last loss
              </th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.id} className={r.title === title ? 'this-document' : undefined}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Compare run ${r.id}`}
                    checked={compare.includes(r.id)}
                    disabled={!compare.includes(r.id) && compare.length >= MAX_COMPARE}
                    title={
                      !compare.includes(r.id) && compare.length >= MAX_COMPARE
                        ? `At most ${String(MAX_COMPARE)} runs at once: untick one first`
                        : undefined
                    }
                    onChange={() => void showRun(r.id)}
                  />
                </td>
                <td>{when(r.startedAt)}</td>
                <td>{r.title}</td>
                <td>{r.recipe}</td>
                <td>
                  {r.epochsCompleted}/{r.config.epochs}
                </td>
                <td>{lastLoss(r.metrics)}</td>
                <td title={r.message}>{r.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {compare.length >= 2 && (
        <CompareCharts runs={compare.flatMap((id) => (details[id] ? [details[id]] : []))} />
      )}
      <div className="compare">
        {compare.map((id) => {
          const d = details[id]
          return d ? (
            <RunColumn
              key={id}
              details={d}
              onContinue={onClose}
              differs={differingSettings(compare.flatMap((c) => (details[c] ? [details[c]] : [])))}
            />
          ) : (
            <p key={id}>Loading {id}…</p>
          )
        })}
      </div>
      {exploring && details[exploring] && <LatentExplorer details={details[exploring]} />}
    </ModalDialog>
  )
}

/** A run's settings as the comparison lists them, by name. */
function settingsOf(d: RunDetails): Record<string, string> {
  const c = d.record.config
  return {
    recipe: d.record.recipe,
    epochs: String(c.epochs),
    batch: String(c.batchSize),
    optimizer: `${c.optimizer}, lr ${String(c.learningRate)}`,
    data: `${c.dataset}${c.limit ? ` (${String(c.limit)} examples)` : ''}`,
    backend: c.backend,
  }
}

/** The settings whose values are not the same in every compared run. */
function differingSettings(runs: readonly RunDetails[]): ReadonlySet<string> {
  const all = runs.map(settingsOf)
  const first = all[0] ?? {}
  return new Set(Object.keys(first).filter((k) => all.some((s) => s[k] !== first[k])))
}

/** The compared runs' curves on the same axes: a chart per metric family, a colour per run. */
function CompareCharts({ runs }: { runs: readonly RunDetails[] }) {
  const charts = overlayData(
    runs.map((d, i) => ({ name: `${String(i + 1)}. ${d.record.title}`, curves: d.curves })),
  )
  return (
    <section className="compare-charts" aria-label="Compared runs’ curves">
      <h3>Compared: {runs.map((d, i) => `${String(i + 1)}. ${d.record.id}`).join(' · ')}</h3>
      <div className="chart-grid">
        {charts.map((c) => (
          <MetricChart
            key={c.spec.id}
            title={c.spec.title}
            x={c.x}
            series={c.series}
            version={runs.length}
            wholeX
          />
        ))}
      </div>
    </section>
  )
}

/** One run of the comparison: its settings (those that differ marked), curves, last previews, export. */
function RunColumn({
  details,
  differs,
  onContinue,
}: {
  details: RunDetails
  differs: ReadonlySet<string>
  onContinue: () => void
}) {
  const { record, curves, previews } = details
  const exported = useRunHistory((s) => s.exports[record.id])
  const canExplore = record.checkpoint && recipeSpec(record.recipe)?.explorer != null
  return (
    <section className="run-column" aria-label={`Run ${record.id}`}>
      <h3>
        {record.title} <span className="muted">{record.id}</span>
      </h3>
      <dl className="run-config">
        {Object.entries(settingsOf(details)).map(([k, v]) => (
          <span
            key={k}
            className={differs.has(k) ? 'setting differs' : 'setting'}
            title={differs.has(k) ? 'differs between the compared runs' : undefined}
          >
            <dt>{k}</dt>
            <dd>{k === 'epochs' ? `${String(record.epochsCompleted)} of ${v}` : v}</dd>
          </span>
        ))}
        <dt>status</dt>
        <dd>
          {record.status}
          {record.message ? `: ${record.message}` : ''}
        </dd>
        {Object.entries(record.metrics).map(([k, v]) => (
          <span key={k} className="metric">
            <dt>{k}</dt>
            <dd>{v.toPrecision(4)}</dd>
          </span>
        ))}
      </dl>
      <RunCharts curves={curves} version={curves.x.length} label={`Curves of ${record.id}`} />
      <div className="previews">
        {previews.map((p) => (
          <figure key={p.name}>
            <img src={p.src} alt={`${p.name} of ${record.id}`} />
            <figcaption>{p.name}</figcaption>
          </figure>
        ))}
      </div>
      <div className="run-actions">
        <button
          type="button"
          disabled={!record.checkpoint || exported === 'exporting'}
          title={record.checkpoint ? undefined : 'This run saved no weights'}
          onClick={() => void exportRun(record.id)}
        >
          {exported === 'exporting' ? 'Exporting…' : 'Export'}
        </button>
        <button
          type="button"
          title="Every batch's and epoch's metrics, one row per point"
          onClick={() => {
            downloadText(`${record.id}-curves.csv`, curvesCsv(curves))
          }}
        >
          Curves as CSV
        </button>
        {canExplore && (
          <button
            type="button"
            onClick={() => {
              useRunHistory.setState({ exploring: record.id })
            }}
          >
            Explore latent space
          </button>
        )}
        <ContinueRun
          runId={record.id}
          left={record.config.epochs - (record.checkpointEpoch ?? record.epochsCompleted)}
          fallback={record.config.epochs}
          disabledWhy={
            !record.checkpoint
              ? 'This run saved no weights'
              : record.status === 'running'
                ? 'This run is still training'
                : undefined
          }
          onStart={onContinue}
        />
      </div>
      {exported && exported !== 'exporting' && <ExportFiles runId={record.id} result={exported} />}
    </section>
  )
}

function ExportFiles({
  runId,
  result,
}: {
  runId: string
  result: Exclude<ReturnType<typeof useRunHistory.getState>['exports'][string], 'exporting'>
}) {
  if (!result.ok)
    return (
      <p className="field-error" role="alert">
        Export failed: {result.error}
      </p>
    )
  return (
    <section className="export-files" aria-label={`Exported files of ${runId}`}>
      <p>
        Exported {result.files.length} files to <code>{result.dir}</code>
        {result.skipped.length > 0 && ` (not exported: ${result.skipped.join('; ')})`}
      </p>
      <ul>
        {result.files.map((f) => (
          <li key={f}>
            <button type="button" className="link" onClick={() => void downloadExported(runId, f)}>
              {f}
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
