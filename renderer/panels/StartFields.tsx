import { withoutInitialWeights } from '../../common/graph/quickPreset'
import { QuickPresetButton } from './QuickPresetButton'
import { PRETRAINED, PRETRAINED_NAMES, type PretrainedName } from '../../common/pretrained'
import { editTraining } from '../commands'
import { OptionField } from '../forms/OptionField'
import { useGraph } from '../store/graphStore'
import { SeedField } from './SeedField'

const FROM_SCRATCH = 'from scratch'
type Start = typeof FROM_SCRATCH | PretrainedName

/**
 * Where a training starts: the initializers or shipped pretrained weights, and the template's quick
 * CPU preset (fewer epochs, lighter settings, the weights it starts from) as one undoable click.
 */
export function StartFields() {
  const doc = useGraph((s) => s.doc)
  const { training } = doc
  const quick = doc.meta.quick
  const start: Start = training.initialWeights ?? FROM_SCRATCH
  // Only weights trained for this recipe are offered; none: the field stays out of the way.
  const fitting = PRETRAINED_NAMES.filter((n) => PRETRAINED[n].recipe === training.recipe)
  const starts: readonly Start[] = [FROM_SCRATCH, ...fitting]
  return (
    <>
      {(fitting.length > 0 || start !== FROM_SCRATCH) && (
        <OptionField
          id="training-initial-weights"
          label="Initial weights"
          value={start}
          options={starts}
          onChange={(v) => {
            editTraining(
              v === FROM_SCRATCH
                ? withoutInitialWeights(doc).training
                : { ...training, initialWeights: v },
              'initialWeights',
            )
          }}
          hint={
            start === FROM_SCRATCH
              ? 'the initializers’ random draw'
              : `${PRETRAINED[start].label} (${PRETRAINED[start].script}); fits the ${PRETRAINED[start].template} template’s graph as it ships`
          }
        />
      )}
      <SeedField />
      {quick && (
        <div className="field">
          <label htmlFor="apply-quick-preset">Quick preset</label>
          <QuickPresetButton id="apply-quick-preset" />
          <span className="field-hint" data-testid="quick-preset-note">
            {quick.note ?? 'fewer epochs for a CPU'}
          </span>
        </div>
      )}
    </>
  )
}
