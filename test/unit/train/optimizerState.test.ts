import * as tf from '@tensorflow/tfjs'
import { beforeAll, expect, test } from 'vitest'
import { OPTIMIZER_SPECS, OPTIMIZERS } from '../../../common/optimizers'
import { initBackend } from '../../../main/tfjs/backend'
import { makeOptimizer } from '../../../main/train/optimizers'
import { relError, seeded } from '../../helpers/backends'

beforeAll(async () => {
  expect((await initBackend('wasm')).ok).toBe(true)
})

/** Trains w toward a target for `steps` steps with `opt`. */
function train(opt: tf.Optimizer, w: tf.Variable, steps: number): void {
  const target = tf.tensor2d(seeded(12, 9), [3, 4])
  for (let i = 0; i < steps; i++)
    opt.minimize(() => tf.sum(tf.square(tf.sub(w, target))), false, [w])
  target.dispose()
}

test.each(OPTIMIZERS)(
  '%s: state saved with getWeights and restored with setWeights continues exactly',
  async (kind) => {
    const config = OPTIMIZER_SPECS[kind].schema.parse({ kind })
    const w = tf.variable(tf.tensor2d(seeded(12, 3), [3, 4]))
    const first = makeOptimizer(config, 0.05)
    train(first, w, 7)
    const saved = (await first.getWeights()).map((t) => ({
      name: t.name,
      tensor: t.tensor.clone(),
    }))
    const weightsThen = tf.clone(w)
    train(first, w, 5)
    const continued = Float32Array.from(w.dataSync())

    // A second optimizer given the saved state, from the same weights, takes the same steps.
    w.assign(weightsThen)
    const restored = makeOptimizer(config, 0.05)
    await restored.setWeights(saved)
    train(restored, w, 5)
    expect(relError(Float32Array.from(w.dataSync()), continued)).toBeLessThan(1e-6)

    // Without the state, the steps differ (the check can fail), except for plain SGD, which has none.
    w.assign(weightsThen)
    const fresh = makeOptimizer(config, 0.05)
    train(fresh, w, 5)
    const stateless = config.kind === 'sgd' && config.momentum === 0
    if (!stateless)
      expect(relError(Float32Array.from(w.dataSync()), continued)).toBeGreaterThan(1e-4)
    expect(saved.length).toBeGreaterThan(1)
    tf.dispose([w, weightsThen, ...saved.map((s) => s.tensor)])
    for (const o of [first, restored, fresh]) o.dispose()
  },
)
