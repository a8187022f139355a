import { expect, test } from 'vitest'
import { listTemplates } from '../../../main/documents/templates'
import { loadTemplateDoc } from '../../helpers/templates'
import { stepGradients } from '../../helpers/stepGradients'
import { webgpuUnavailable } from '../../helpers/webgpu'

// Every template's graph and recipe, one seeded training step on two images, on webgpu and on the
// reference cpu backend: the same metrics, gradients and optimizer updates, to 1e-3 relative
// (float32 rounding gives about 1e-6 for the first two, 1e-5 for the updates). Without a GPU Dawn runs on SwiftShader (see helpers/webgpu.ts).
const why = await webgpuUnavailable()

/** The largest magnitude of a tensor's values. */
const maxAbs = (values: Float32Array): number =>
  values.reduce((m, v) => Math.max(m, Math.abs(v)), 0)

/** The largest difference between two tensors' values, and the largest magnitude of the first. */
function compare(want: Float32Array, got: Float32Array): { diff: number; scale: number } {
  let diff = 0
  want.forEach((v, i) => (diff = Math.max(diff, Math.abs(v - (got[i] ?? NaN)))))
  return { diff, scale: maxAbs(want) }
}

for (const { id } of listTemplates())
  test.skipIf(why !== null)(
    `${id}: a training step on webgpu computes the cpu backend's metrics, gradients and updates${why ? ` (not run here: ${why})` : ''}`,
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
        expect(want.variables.length).toBeGreaterThan(0)
        expect(got.variables.map((v) => v.gradient.length)).toEqual(
          want.variables.map((v) => v.gradient.length),
        )
        // A gradient that is zero in exact arithmetic (a bias just before a normalization) is
        // rounding noise on both backends: each is measured against the larger of its own scale
        // and a thousandth of the step's largest gradient.
        const largest = Math.max(...want.variables.map((v) => maxAbs(v.gradient)))
        expect(largest).toBeGreaterThan(0)
        want.variables.forEach((v, j) => {
          const on = got.variables[j]
          if (!on) throw new Error(`no variable ${String(j)} on webgpu`)
          const { diff, scale } = compare(v.gradient, on.gradient)
          expect(diff, `${want.phase} gradient ${String(j)}`).toBeLessThanOrEqual(
            1e-3 * Math.max(scale, 1e-3 * largest),
          )
          // The optimizer's update too (Nadam's is our WGSL kernel on webgpu), where the gradient
          // is more than noise: Adam-like optimizers scale each element by its own history, so an
          // element whose gradient is a rounding error moves by a rounding-decided step.
          if (scale < 1e-3 * largest) return
          const moved = maxAbs(v.update)
          let off = 0
          v.update.forEach((u, k) => {
            if (Math.abs(v.gradient[k] ?? 0) >= 1e-3 * scale)
              off = Math.max(off, Math.abs(u - (on.update[k] ?? NaN)))
          })
          expect(moved, `${want.phase} update ${String(j)}`).toBeGreaterThan(0)
          expect(off, `${want.phase} update ${String(j)}`).toBeLessThanOrEqual(1e-3 * moved)
        })
      }
    },
    180_000,
  )
