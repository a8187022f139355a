import * as tf from '@tensorflow/tfjs'
import { beforeAll, expect, test } from 'vitest'
import { initBackend } from '../../../main/tfjs/backend'
import { compileGraph } from '../../../main/tfjs/compile'
import { loadTemplate } from '../../../main/documents/templates'
import { inferShapes } from '../../../common/graph/inferShapes'
import { phasesFor } from '../../../main/train/phases'

beforeAll(async () => {
  expect((await initBackend('wasm')).ok).toBe(true)
})

/** The diffusion template's session, with the denoiser's calls counted. */
function countedSession() {
  const doc = loadTemplate('diffusion')
  if (!doc.ok) throw new Error(JSON.stringify(doc.error))
  const compiled = compileGraph(doc.value)
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.error))
  const phases = phasesFor(doc.value, compiled.value, inferShapes(doc.value))
  const session = phases.ok ? phases.value[0]?.session : undefined
  const denoiser = compiled.value.models.find((m) => m.plan.role === 'denoiser')?.model
  if (!session || !denoiser) throw new Error('no diffusion session')
  const calls = { n: 0 }
  const apply = denoiser.apply.bind(denoiser)
  denoiser.apply = (...args: Parameters<typeof apply>) => {
    calls.n++
    return apply(...args)
  }
  return { session, calls }
}

test('the final filmstrip runs as many reverse steps as the preview allowance affords', async () => {
  const { session, calls } = countedSession()
  const sample = { x: tf.randomUniform([8, 28, 28, 1], -1, 1), labels: null }
  const film = async (allowanceMs: number) => {
    calls.n = 0
    const frames = await session.previews(1, sample, true, allowanceMs)
    return { calls: calls.n, frames }
  }
  const full = await film(Infinity)
  const starved = await film(0)
  // One batched call for the one-step denoising, then one per reverse step: 25 at most (the
  // template samples with all 4,000 steps), 8 (one per filmstrip frame) when nothing is left.
  expect(full.calls).toBe(1 + 25)
  expect(starved.calls).toBe(1 + 8)
  for (const { frames } of [full, starved]) {
    expect(frames.map((f) => f.name)).toEqual(['one-step-denoising', 'denoising', 'samples'])
    // The generated images: sixteen 28×28 tiles on a 4×4 grid, as the other models' samples.
    expect([frames[2]?.width, frames[2]?.height]).toEqual([4 * 29 + 1, 4 * 29 + 1])
    // Eight snapshots from noise to image, of the first four samples: the same grid either way.
    expect(frames[1]?.width).toBe(full.frames[1]?.width)
    expect(frames[1]?.height).toBe(full.frames[1]?.height)
  }
  tf.dispose(sample.x)
  session.dispose()
})
