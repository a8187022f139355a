import * as tf from '@tensorflow/tfjs'
import type { GraphDoc } from '../../common/graph/schema'
import { validateGraph } from '../../common/graph/validate'
import { resolveDataset } from '../../main/data/resolve'
import { compileGraph, disposeCompiled } from '../../main/tfjs/compile'
import { initBackend, type BackendName } from '../../main/tfjs/backend'
import { imageBatch, labelBatch } from '../../main/train/batches'
import { phasesFor } from '../../main/train/phases'
import { withSeed } from '../../main/train/random'

/** What one training step of a phase computed: its metrics, and each variable's gradient and update. */
export interface PhaseStep {
  readonly phase: string
  readonly metrics: Record<string, number>
  /** Every variable the step's optimizers updated, in the order they were applied. */
  readonly variables: readonly {
    readonly gradient: Float32Array
    /** The variable after the step minus before it (the optimizer's update). */
    readonly update: Float32Array
  }[]
}

/**
 * One seeded training step of every phase of a document on a backend, on the embedded subset's
 * first `batch` images, with no loop around it (no previews, validation or checkpoints): what a
 * backend-equivalence check compares. Gradients are caught as the session's optimizers apply them,
 * so they are the ones training uses (after clipping), with each variable's value before its
 * update; all are read back asynchronously (a GPU backend cannot read synchronously in Node).
 */
export async function stepGradients(
  doc: GraphDoc,
  backend: BackendName,
  batch: number,
): Promise<PhaseStep[]> {
  const started = await initBackend(backend)
  if (!started.ok || started.value.name !== backend) throw new Error(`${backend} did not start`)
  tf.disposeVariables()
  return withSeed(7, async () => {
    const report = validateGraph(doc)
    if (!report.ok) throw new Error(report.errors.map((e) => e.message).join('; '))
    const compiled = compileGraph(doc)
    if (!compiled.ok) throw new Error(compiled.error.map((e) => e.message).join('; '))
    const phases = phasesFor(doc, compiled.value, report.report)
    if (!phases.ok) throw new Error(phases.error)
    const out: PhaseStep[] = []
    for (const { name, session } of phases.value) {
      const shape = session.inputShape
      const [h = 1, w = 1, c = 1] = shape.length === 2 ? [...shape, 1] : shape
      const data = await resolveDataset(doc.dataset, { imageShape: [h, w, c] })
      if (!data.ok) throw new Error(data.error)
      const set = data.value.train
      const indices = Array.from({ length: batch }, (_, i) => i)
      const x = imageBatch(set, indices, shape, session.range)
      const labels = set.labels ? labelBatch(set, indices) : null
      const caught: { gradient: tf.Tensor; before: tf.Tensor; variable: tf.Variable }[] = []
      for (const opt of session.optimizers) {
        const apply = opt.applyGradients.bind(opt)
        opt.applyGradients = (grads) => {
          const list = Array.isArray(grads)
            ? grads
            : Object.entries(grads).map(([name, tensor]) => ({ name, tensor }))
          for (const { name, tensor } of list) {
            const variable = tf.engine().registeredVariables[name]
            if (!variable) throw new Error(`no variable ${name}`)
            caught.push({
              gradient: tf.keep(tensor.clone()),
              before: tf.keep(variable.clone()),
              variable,
            })
          }
          apply(grads)
        }
      }
      const metrics = tf.tidy(() => session.trainStep({ x, labels }))
      const values: Record<string, number> = {}
      for (const [k, v] of Object.entries(metrics)) values[k] = (await v.data())[0] ?? NaN
      const variables = await Promise.all(
        caught.map(async (c) => {
          const update = tf.sub(c.variable, c.before)
          const read = {
            gradient: (await c.gradient.data()) as Float32Array,
            update: (await update.data()) as Float32Array,
          }
          tf.dispose([update, c.gradient, c.before])
          return read
        }),
      )
      tf.dispose([x, ...(labels ? [labels] : []), ...Object.values(metrics)])
      session.dispose()
      out.push({ phase: name, metrics: values, variables })
    }
    disposeCompiled(compiled.value)
    return out
  })
}
