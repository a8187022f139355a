import { COMMANDS, runCommand, useCommandContext } from '../commandTable'
import { useValidation } from '../store/derived'
import { useGraph } from '../store/graphStore'
import { epochsPhase } from '../../main/recipes/specs'
import { BACKEND_CHOICES, useTrainSettings } from '../store/trainSettings'
import { useRun } from '../store/runStore'
import { PreviewFrames } from './PreviewPanel'
import { RunCharts } from './RunCharts'
import { EstimateNote } from './EstimateNote'
import { ContinueRun } from './ContinueRun'
import { QuickPresetButton } from '../panels/QuickPresetButton'
import { Splitter } from '../panels/Splitter'
import { DOCK_HEIGHT, setPref, togglePanel, usePrefs } from '../store/prefsStore'
import { useRef } from 'react'
import { useParentSize } from '../panels/useParentSize'
import { DOCK_SHARE, previewBox } from './previewBox'
import './TrainDock.css'

const fmtEta = (s: number) =>
  s >= 3600
    ? `${(s / 3600).toFixed(1)} h`
    : s >= 60
      ? `${Math.round(s / 60)} min`
      : `${Math.round(s)} s`

/** Training from the editor: settings, start/pause/stop, progress, curves and preview grids. */
export function TrainDock() {
  const engine = useRun((s) => s.engine)
  const engineMessage = useRun((s) => s.engineMessage)
  const status = useRun((s) => s.status)
  const valid = useValidation().ok
  const docEpochs = useGraph((s) => s.doc.training.epochs)
  const phaseNote = useGraph((s) => epochsPhase(s.doc.training))
  const open = usePrefs((s) => !s.collapsed.dock)
  const height = usePrefs((s) => s.dockHeight)
  const { epochs, limit, backend, memoryGb } = useTrainSettings()
  const backends = useRun((s) => s.backends)
  const context = useCommandContext()
  const dockRef = useRef<HTMLElement>(null)
  const column = useParentSize(dockRef)
  return (
    <>
      {open && (
        <Splitter
          label="Resize the training dock"
          orientation="horizontal"
          value={height}
          min={DOCK_HEIGHT.min}
          max={DOCK_HEIGHT.max}
          inverted
          onChange={(v) => {
            setPref('dockHeight', v)
          }}
        />
      )}
      <section
        ref={dockRef}
        className="train-dock"
        aria-label="Training"
        style={
          open ? { maxHeight: `min(${String(height)}px, ${String(DOCK_SHARE * 100)}%)` } : undefined
        }
      >
        <div className="train-bar">
          <button
            type="button"
            className="dock-toggle"
            aria-expanded={open}
            aria-label={open ? 'Hide run details' : 'Show run details'}
            onClick={() => {
              togglePanel('dock')
            }}
          >
            {open ? '▾' : '▸'}
          </button>
          <h2>Training</h2>
          {engine !== 'connected' ? (
            <span className="muted" role="note">
              {engine === 'connecting' ? 'Connecting to the engine…' : engineMessage}
            </span>
          ) : (
            <>
              <label title={phaseNote ? `These epochs set ${phaseNote}` : undefined}>
                {phaseNote ? 'Epochs this run (last phase)' : 'Epochs this run'}
                <input
                  type="text"
                  inputMode="numeric"
                  size={5}
                  value={epochs}
                  placeholder={String(docEpochs)}
                  onChange={(e) => {
                    useTrainSettings.setState({ epochs: e.target.value })
                  }}
                />
              </label>
              <label>
                Examples (limit)
                <input
                  type="text"
                  inputMode="numeric"
                  size={6}
                  value={limit}
                  placeholder="all"
                  onChange={(e) => {
                    useTrainSettings.setState({ limit: e.target.value })
                  }}
                />
              </label>
              <label>
                Backend
                <select
                  value={backend}
                  onChange={(e) => {
                    const b = BACKEND_CHOICES.find((x) => x === e.target.value)
                    if (b) useTrainSettings.setState({ backend: b })
                  }}
                >
                  <option value="auto">auto</option>
                  {backends.map((b) => (
                    <option
                      key={b.name}
                      value={b.name}
                      disabled={!b.available}
                      title={b.reason ?? b.note}
                    >
                      {b.name}
                      {b.available ? (b.tag ? ` (${b.tag})` : '') : ' (unavailable)'}
                    </option>
                  ))}
                </select>
              </label>
              <label title="A run whose estimated peak memory is larger is refused before it starts; empty: half of the engine machine's memory">
                Memory ≤
                <input
                  type="text"
                  inputMode="decimal"
                  size={4}
                  placeholder="½ RAM"
                  aria-label="Memory budget (GB)"
                  value={memoryGb}
                  onChange={(e) => {
                    useTrainSettings.setState({ memoryGb: e.target.value })
                  }}
                />
                GB
              </label>
              <button
                type="button"
                disabled={!COMMANDS.train.enabled?.(context)}
                title={valid ? undefined : 'Fix the problems first'}
                onClick={() => {
                  if (!open) togglePanel('dock')
                  runCommand('train')
                }}
              >
                Train
              </button>
              <button
                type="button"
                disabled={!COMMANDS.pauseResume.enabled?.(context)}
                onClick={() => {
                  runCommand('pauseResume')
                }}
              >
                {status === 'paused' ? 'Resume' : 'Pause'}
              </button>
              <button
                type="button"
                disabled={!COMMANDS.stop.enabled?.(context)}
                onClick={() => {
                  runCommand('stop')
                }}
              >
                Stop
              </button>
              <button
                type="button"
                onClick={() => {
                  runCommand('runHistory')
                }}
              >
                Run history
              </button>
              <QuickPresetButton id="dock-quick-preset" />
              <EstimateNote disabled={!valid} />
              <RunProgress />
              <DockContinue fallback={Number(epochs) || docEpochs} />
            </>
          )}
        </div>
        {open && <RunView fit={previewBox(height, column)} />}
      </section>
    </>
  )
}

function RunProgress() {
  const s = useRun()
  const total = s.epochs * Math.max(1, s.stepsPerEpoch)
  const done = Math.max(0, s.epoch - 1) * s.stepsPerEpoch + s.step
  return (
    <span className="run-progress">
      <progress
        aria-label="Training progress"
        max={Math.max(1, total)}
        value={Math.min(done, total)}
      />
      <span data-testid="run-status">{s.status}</span>
      {s.epochs > 0 && (
        <span>
          epoch {s.epoch}/{s.epochs} · {Math.round(s.samplesPerSec)} samples/s
          {s.threads > 1 ? ` · ${String(s.threads)} threads` : ''}
          {s.status === 'running' && s.etaSec > 0 ? ` · ETA ${fmtEta(s.etaSec)}` : ''}
          {s.backend ? ` · ${s.backend}` : ''}
        </span>
      )}
      {s.message && (
        <span className={s.status === 'failed' ? 'field-error' : 'muted'}>{s.message}</span>
      )}
    </span>
  )
}

/**
 * After a run stopped, failed or ended (the engine crashed, the user stopped it, or it did its
 * epochs): continue it from its last checkpoint, in the same run.
 */
function DockContinue({ fallback }: { fallback: number }) {
  const runId = useRun((s) => s.runId)
  const status = useRun((s) => s.status)
  const epoch = useRun((s) => s.epoch)
  const epochs = useRun((s) => s.epochs)
  if (runId === null || epoch < 1 || !['stopped', 'failed', 'done'].includes(status)) return null
  return (
    <ContinueRun
      key={`${runId}-${status}`}
      runId={runId}
      left={status === 'done' ? 0 : epochs - epoch + 1}
      fallback={fallback}
    />
  )
}

function RunView({ fit }: { fit: { width: number; height: number } }) {
  const previews = useRun((s) => s.previews)
  const curves = useRun((s) => s.curves)
  const version = useRun((s) => s.curvesVersion)
  const phase = useRun((s) => s.phase)
  const status = useRun((s) => s.status)
  if (!version && !Object.keys(previews).length) return null
  return (
    <div className="run-view">
      <FinalAccuracy />
      {/* The previews first: what the model makes is what a learner watches. */}
      <div className="previews">
        {Object.entries(previews).map(([name, frames]) => (
          <PreviewFrames key={name} name={name} frames={frames} fit={fit} />
        ))}
      </div>
      <RunCharts
        curves={curves}
        version={version}
        current={phase}
        live={status === 'running' || status === 'paused'}
        label="Training curves"
      />
    </div>
  )
}

/**
 * A classifier's result, large, when its run ends: the validation accuracy, and the from-scratch
 * baseline's beside it when the pretraining exercise compared them.
 */
function FinalAccuracy() {
  const final = useRun((s) => s.final)
  const accuracy = final?.['val_accuracy']
  if (accuracy === undefined) return null
  const scratch = final?.['val_scratch_accuracy']
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`
  return (
    <p className="final-accuracy" data-testid="final-accuracy">
      <span className="final-figure">{pct(accuracy)}</span> validation accuracy
      {scratch !== undefined && (
        <>
          {' '}
          · <span className="final-figure">{pct(scratch)}</span> for the same classifier trained
          from scratch on the same labelled examples
        </>
      )}
    </p>
  )
}
