import type { ShellBridge } from '../../common/api'
import { datasetSchema } from '../../common/graph/schema'
import { editDataset } from '../commands'
import { useGraph } from '../store/graphStore'
import { useRun } from '../store/runStore'

const KINDS = [
  { kind: 'embedded', label: 'Fashion-MNIST subset (embedded)' },
  { kind: 'fashion-mnist', label: 'Fashion-MNIST (full)' },
  { kind: 'folder', label: 'Image folder' },
  { kind: 'points', label: '3-D points (the chapter’s oval, 60)' },
] as const

const shell = () => (window as { latentStudioShell?: ShellBridge }).latentStudioShell

/** Which data the document trains on; what the engine found here says what is available. */
export function DatasetField() {
  const dataset = useGraph((s) => s.doc.dataset)
  const found = useRun((s) => s.datasets)
  const full = found.find((d) => d.kind === 'fashion-mnist')
  const change = (raw: unknown) => {
    const parsed = datasetSchema.safeParse(raw)
    if (parsed.success) editDataset(parsed.data)
  }
  return (
    <>
      <div className="field">
        <label htmlFor="doc-dataset">Dataset</label>
        <select
          id="doc-dataset"
          value={dataset.kind}
          onChange={(e) => {
            const k = KINDS.find((x) => x.kind === e.target.value)?.kind
            if (k === 'folder') change({ kind: 'folder', path: '.' })
            else if (k) change({ kind: k })
          }}
        >
          {KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </select>
        {dataset.kind === 'fashion-mnist' && full && (
          <span className={full.available ? 'field-hint' : 'field-error'}>
            {full.available ? `found in ${full.path ?? ''}` : full.reason}
          </span>
        )}
      </div>
      {dataset.kind === 'folder' && (
        <div className="field">
          <label htmlFor="doc-dataset-path">Folder</label>
          <input
            id="doc-dataset-path"
            type="text"
            value={dataset.path}
            placeholder="a folder of PNG/JPEG images"
            onChange={(e) => {
              if (e.target.value) change({ ...dataset, path: e.target.value })
            }}
          />
          {shell() && (
            <button
              type="button"
              onClick={() => {
                void shell()
                  ?.call('datasets:chooseFolder', {})
                  .then((r) => {
                    if (r.ok) change({ ...dataset, path: r.path })
                  })
              }}
            >
              Choose folder…
            </button>
          )}
          <span className="field-hint">
            one sub-folder per class, or labels: none. The engine reads only folders you chose
            {shell() ? '' : ' (browser mode: `serve --data <folder>`)'}
          </span>
        </div>
      )}
    </>
  )
}
