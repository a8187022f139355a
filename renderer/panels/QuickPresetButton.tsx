import { applyQuickPreset } from '../../common/graph/quickPreset'
import { editTraining } from '../commands'
import { useGraph } from '../store/graphStore'

/** Whether the training already holds every value the quick preset sets. */
function presetInUse(training: Record<string, unknown>, applied: Record<string, unknown>): boolean {
  return JSON.stringify(training) === JSON.stringify(applied)
}

/**
 * The template's quick CPU preset (fewer epochs, lighter settings, the weights it starts from) as
 * one undoable click; nothing for a document without one. `id` names the button for its label.
 */
export function QuickPresetButton({ id }: { id: string }) {
  const doc = useGraph((s) => s.doc)
  const quick = doc.meta.quick
  if (!quick) return null
  const applied = applyQuickPreset(doc)
  if (!applied.ok) return null
  const inUse = presetInUse(doc.training, applied.value.training)
  return (
    <button
      type="button"
      id={id}
      data-testid={id}
      disabled={inUse}
      title={quick.note ?? 'fewer epochs for a CPU'}
      onClick={() => {
        editTraining(applied.value.training, 'quickPreset')
      }}
    >
      {inUse ? 'Quick preset in use' : 'Use quick CPU preset'}
    </button>
  )
}
