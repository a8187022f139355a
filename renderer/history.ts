import { callEngine } from './engine'
import { toDetails, toggleCompare, useRunHistory } from './store/historyStore'

const message = (e: unknown) => (e instanceof Error ? e.message : String(e))

/** Opens the run history and loads the list of runs. */
export async function openHistory(): Promise<void> {
  useRunHistory.setState({ open: true, error: null })
  try {
    const runs = await callEngine('runs:list', {})
    useRunHistory.setState({ runs })
    const first = runs[0]
    if (first && useRunHistory.getState().compare.length === 0) await showRun(first.id)
  } catch (e) {
    useRunHistory.setState({ error: message(e) })
  }
}

/** Adds or removes a run from the side-by-side comparison, loading it when needed. */
export async function showRun(id: string): Promise<void> {
  const s = useRunHistory.getState()
  useRunHistory.setState({ compare: toggleCompare(s.compare, id) })
  if (s.details[id]) return
  try {
    const r = await callEngine('runs:get', { runId: id })
    if (!r.ok) {
      useRunHistory.setState({ error: r.error })
      return
    }
    useRunHistory.setState((h) => ({ details: { ...h.details, [id]: toDetails(r) } }))
  } catch (e) {
    useRunHistory.setState({ error: message(e) })
  }
}

/** Exports a run (TensorFlow.js, ONNX, Keras, PNG) on the engine's machine. */
export async function exportRun(id: string): Promise<void> {
  useRunHistory.setState((h) => ({ exports: { ...h.exports, [id]: 'exporting' } }))
  let result
  try {
    result = await callEngine('runs:export', { runId: id })
  } catch (e) {
    result = { ok: false as const, error: message(e) }
  }
  useRunHistory.setState((h) => ({ exports: { ...h.exports, [id]: result } }))
}

/** Downloads one exported file through the engine (it may run on another machine). */
export async function downloadExported(id: string, path: string): Promise<void> {
  const r = await callEngine('runs:exportFile', { runId: id, path })
  if (!r.ok) {
    useRunHistory.setState({ error: r.error })
    return
  }
  const url = URL.createObjectURL(new Blob([new Uint8Array(r.bytes)]))
  const a = document.createElement('a')
  a.href = url
  a.download = `${id}-${path.replaceAll('/', '-')}`
  a.click()
  setTimeout(() => {
    URL.revokeObjectURL(url)
  }, 10_000)
}
