import * as tf from '@tensorflow/tfjs'
import { expect } from 'vitest'
import { loadTemplate } from '../../main/documents/templates'
import type { GraphDoc } from '../../common/graph/schema'
import { trainDocument } from '../../main/train/run'

/** Templates that take about two minutes per epoch on the wasm backend; their own test file runs them in parallel. */
export const SLOW_TEMPLATES = ['dcgan', 'diffusion']

export function loadTemplateDoc(id: string): GraphDoc {
  const doc = loadTemplate(id)
  if (!doc.ok) throw new Error(JSON.stringify(doc.error))
  return doc.value
}

/**
 * Trains a template for one epoch on the embedded subset (its first `limit` images, else all of it)
 * and checks the epoch's loss is finite.
 */
export async function trainsOneEpoch(id: string, limit?: number): Promise<void> {
  const epochs: number[] = []
  const result = await trainDocument(loadTemplateDoc(id), {
    epochs: 1,
    ...(limit !== undefined ? { limit } : {}),
    onEvent: (e) => {
      // The classifier's pretraining phase runs its own epochs first; count the training phase's.
      if (e.type === 'epoch' && e.phase === 'train')
        epochs.push(e.metrics['loss'] ?? e.metrics['dLoss'] ?? NaN)
    },
  })
  if (!result.ok) throw new Error(result.error)
  expect(result.value.result.epochsCompleted).toBe(1)
  expect(epochs).toHaveLength(1)
  expect(Number.isFinite(epochs[0])).toBe(true)
  tf.disposeVariables()
}
