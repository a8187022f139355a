import { useMemo } from 'react'
import { OPTIMIZERS } from '../../common/optimizers'
import { trainingSchema, type Recipe, type TrainingConfig } from '../../common/graph/training'
import { epochsPhase } from '../../main/recipes/specs'
import { editTraining } from '../commands'
import { OptionField } from '../forms/OptionField'
import { ParamForm } from '../forms/ParamForm'
import { DatasetField } from './DatasetField'
import { StartFields } from './StartFields'
import { useGraph } from '../store/graphStore'
import './TrainingForm.css'

/** The schema of one recipe's training configuration. */
function variantOf(recipe: Recipe) {
  const v = trainingSchema.options.find((o) => o.shape.recipe.value === recipe)
  if (!v) throw new Error(`no training schema for recipe ${recipe}`)
  return v
}

/** Parses a changed training configuration; the schema fills defaults (a new optimizer's). */
function commitTraining(next: unknown, field: string): string | null {
  const parsed = trainingSchema.safeParse(next)
  if (!parsed.success) return parsed.error.issues[0]?.message ?? 'invalid setting'
  editTraining(parsed.data, field)
  return null
}

/** The document's training configuration: optimizer, learning rate, epochs, batch size, the recipe's settings. */
export function TrainingForm() {
  const training = useGraph((s) => s.doc.training)
  const variant = useMemo(() => variantOf(training.recipe), [training.recipe])
  const common = useMemo(
    () =>
      variant.pick({
        learningRate: true,
        epochs: true,
        batchSize: true,
        validationSplit: true,
        clipNorm: true,
      }),
    [variant],
  )
  const phaseNote = epochsPhase(training)
  const values: Record<string, unknown> = {
    learningRate: training.learningRate,
    epochs: training.epochs,
    batchSize: training.batchSize,
    validationSplit: training.validationSplit,
    clipNorm: training.clipNorm,
  }
  return (
    <div className="training-form">
      <h3>Training</h3>
      <DatasetField />
      <OptionField
        id="training-optimizer"
        label="Optimizer"
        value={training.optimizer.kind}
        options={OPTIMIZERS}
        onChange={(kind) => {
          commitTraining({ ...training, optimizer: { kind } }, 'optimizer')
        }}
      />
      <ParamForm
        schema={common}
        owner={`training-${training.recipe}`}
        params={values}
        onChange={(v, field) => {
          commitTraining({ ...training, ...v } satisfies Partial<TrainingConfig>, field)
        }}
      />
      <StartFields />
      {phaseNote && (
        <p className="training-note" data-testid="epochs-phase">
          Epochs set {phaseNote}.
        </p>
      )}
      <h3>{training.recipe} settings</h3>
      <ParamForm
        schema={variant.shape.settings}
        owner={`settings-${training.recipe}`}
        params={training.settings}
        onChange={(v, field) => {
          commitTraining({ ...training, settings: v }, `settings.${field}`)
        }}
      />
    </div>
  )
}
