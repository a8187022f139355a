import { expect, test } from 'vitest'
import { listTemplates } from '../../../main/documents/templates'
import { loadTemplateDoc } from '../../helpers/templates'
import { stepGradients } from '../../helpers/stepGradients'
import { webgpuUnavailable } from '../../helpers/webgpu'

// Every template's graph and recipe, one seeded training step on two images, on webgpu and on the
// reference cpu backend: the same metrics and the same gradients, to 1e-3 relative (float32
// rounding gives about 1e-6). Without a GPU Dawn runs on SwiftShader (see helpers/webgpu.ts).
const why = await webgpuUnavailable()

/** The largest difference between two tensors' values, and the largest magnitude of the first. */
function compare(want: Float32Array, got: Float32Array): { diff: number; scale: number } {
  let diff = 0
  let scale = 0
  want.forEach((v, i) => {
    scale = Math.max(scale, Math.abs(v))
    diff = Math.max(diff, Math.abs(v - (got[i] ?? NaN)))
  })
  return { diff, scale }
}

for (const { id } of listTemplates())
  test.skipIf(why !== null)(
    `${id}: a training step on webgpu computes the cpu backend's metrics and gradients${why ? ` (not run here: ${why})` : ''}`,
    async () => {
      const doc = loadTemplateDoc(id)
      const gpu = await stepGradients(doc, 'webgpu', 2)
      const cpu = await stepGradients(doc, 'cpu', 2)
      expect(gpu.map((p) => p.phase)).toEqual(cpu.map((p) => p.phase))
      for (const [i, want] of cpu.entries()) {
        const got = gpu[i]
        if (!got) throw new Error(`no phase ${want.phase} on webgpu`)
        expect(Object.keys(got.metrics).sort()).toEqual(Object.keys(want.metrics).sort())
        for (const [k, v] of Object.entries(want.metrics))
          expect(Math.abs((got.metrics[k] ?? NaN) - v), `${want.phase} ${k}`).toBeLessThanOrEqual(
            1e-3 * Math.max(Math.abs(v), 1e-6),
          )
        expect(want.gradients.length).toBeGreaterThan(0)
        expect(got.gradients.map((g) => g.length)).toEqual(want.gradients.map((g) => g.length))
        // A gradient that is zero in exact arithmetic (a bias just before a normalization) is
        // rounding noise on both backends: each is measured against the larger of its own scale
        // and a thousandth of the step's largest gradient.
        const largest = Math.max(...want.gradients.map((g) => compare(g, g).scale))
        expect(largest).toBeGreaterThan(0)
        want.gradients.forEach((g, j) => {
          const { diff, scale } = compare(g, got.gradients[j] ?? new Float32Array())
          expect(diff, `${want.phase} gradient ${String(j)}`).toBeLessThanOrEqual(
            1e-3 * Math.max(scale, 1e-3 * largest),
          )
        })
      }
    },
    180_000,
  )
