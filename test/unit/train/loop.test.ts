import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, test } from 'vitest'
import type { Dataset, ImageSet } from '../../../main/data/dataset'
import { initBackend } from '../../../main/tfjs/backend'
import { RunControl } from '../../../main/train/control'
import type { TrainEvent } from '../../../common/events'
import { runLoop } from '../../../main/train/loop'
import type { RecipeSession } from '../../../main/train/recipe'

beforeAll(async () => {
  expect((await initBackend('wasm')).ok).toBe(true)
})

const set: ImageSet = {
  count: 100,
  height: 2,
  width: 2,
  channels: 1,
  pixels: new Uint8Array(400).fill(128),
  labels: null,
  classNames: [],
}
const dataset: Dataset = { name: 'tiny', train: set, test: set }

/**
 * A session whose one weight counts the steps taken, whose loss turns NaN at step `nanAt`, and
 * which calls `onStep` with the step count after each step.
 */
function counter(
  nanAt = Infinity,
  onStep: (steps: number) => void = () => undefined,
): RecipeSession & { weight: tf.Variable } {
  const weight = tf.variable(tf.scalar(0))
  let steps = 0
  return {
    weight,
    inputShape: [2, 2],
    range: 'unit',
    variables: [weight],
    optimizers: [],
    trainStep: () => {
      steps += 1
      weight.assign(tf.add(weight, 1))
      onStep(steps)
      return { loss: tf.scalar(steps >= nanAt ? NaN : 1 / steps) }
    },
    evaluate: () => ({ loss: tf.scalar(0.5) }),
    previews: () => Promise.resolve([]),
    dispose: () => undefined,
  }
}
const options = (control: RunControl, events: TrainEvent[], epochs = 3) => ({
  epochs,
  batchSize: 10,
  validationSplit: 0.1,
  control,
  onEvent: (e: TrainEvent) => events.push(e),
  backend: 'wasm' as const,
  recipe: 'test',
  batchEventEverySec: 0,
})

describe('runLoop', () => {
  test('a NaN loss stops training and rolls back to the last completed epoch', async () => {
    const session = counter(13) // 9 steps per epoch: the NaN comes in epoch 2
    const events: TrainEvent[] = []
    const result = await runLoop(session, dataset, options(new RunControl(), events))
    expect(result).toMatchObject({ epochsCompleted: 1, stopped: 'nan' })
    expect(session.weight.dataSync()[0]).toBe(9)
    const stop = events.find((e) => e.type === 'stopped')
    expect(stop?.type === 'stopped' && stop.message).toMatch(
      /^loss became NaN at epoch 2, batch 4: training stopped and the weights of epoch 1 are kept/,
    )
  })

  test('a step that runs out of memory ends the run with advice and the last epoch’s weights', async () => {
    const session = counter(Infinity, (steps) => {
      if (steps === 13)
        throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded')
    })
    const events: TrainEvent[] = []
    const result = await runLoop(session, dataset, options(new RunControl(), events))
    expect(result).toMatchObject({ epochsCompleted: 1, stopped: 'error' })
    expect(session.weight.dataSync()[0]).toBe(9)
    const stop = events.find((e) => e.type === 'stopped')
    expect(stop).toMatchObject({ reason: 'error', epoch: 2 })
    expect(stop?.type === 'stopped' && stop.message).toBe(
      'out of memory at epoch 2, batch 4 (WebAssembly.Memory.grow(): Maximum memory size exceeded): training stopped and the weights of epoch 1 are kept; reduce the batch size or the model’s size',
    )
  })

  test('pause holds the loop, resume continues it, stop keeps the last epoch’s weights', async () => {
    const control = new RunControl()
    let resumed = false
    let stepsAfterResume = 0
    // Stop two steps after the resume, from inside a step: no timing involved.
    const session = counter(Infinity, (steps) => {
      if (!resumed) return
      stepsAfterResume += 1
      if (stepsAfterResume === 2) control.stop()
      expect(steps).toBeLessThan(20) // still in epoch 2
    })
    const events: TrainEvent[] = []
    let pausedAt = -1
    const opts = {
      ...options(control, events, 5),
      onEvent: (e: TrainEvent) => {
        events.push(e)
        if (e.type === 'batch' && e.epoch === 2 && e.step === 3 && pausedAt < 0) {
          control.pause()
          pausedAt = events.length
        }
      },
    }
    const running = runLoop(session, dataset, opts)
    await new Promise((r) => setTimeout(r, 100))
    expect(control.isPaused).toBe(true)
    expect(events.length).toBe(pausedAt) // nothing happened while paused
    const weightWhilePaused = session.weight.dataSync()[0]
    resumed = true
    control.resume()
    const result = await running
    expect(weightWhilePaused).toBe(12)
    expect(stepsAfterResume).toBe(2)
    expect(result).toMatchObject({ stopped: 'user', epochsCompleted: 1 })
    expect(session.weight.dataSync()[0]).toBe(9)
  })

  test('reports start, throttled batches, epochs with validation metrics, and done', async () => {
    const events: TrainEvent[] = []
    const result = await runLoop(counter(), dataset, options(new RunControl(), events, 2))
    expect(result.epochsCompleted).toBe(2)
    expect(events[0]).toMatchObject({
      type: 'start',
      epochs: 2,
      stepsPerEpoch: 9,
      trainExamples: 90,
    })
    const epochKeys = events.flatMap((e) =>
      e.type === 'epoch' ? [Object.keys(e.metrics).sort()] : [],
    )
    expect(epochKeys).toEqual([
      ['loss', 'val_loss'],
      ['loss', 'val_loss'],
    ])
    expect(events.at(-1)).toMatchObject({ type: 'done', epochs: 2 })
  })

  test('the time spent making previews is reported per epoch and for the whole run', async () => {
    // Previews that take at least 20 ms each; previewEverySec keeps them to the epoch ends.
    let calls = 0
    const slow: RecipeSession = {
      ...counter(),
      previews: () => {
        calls += 1
        const t = performance.now()
        while (performance.now() - t < 20);
        return Promise.resolve([])
      },
    }
    const events: TrainEvent[] = []
    await runLoop(slow, dataset, {
      ...options(new RunControl(), events, 2),
      previewEverySec: 3600,
    })
    const done = events.at(-1)
    if (done?.type !== 'done') throw new Error('no done event')
    expect(calls).toBeGreaterThanOrEqual(2)
    expect(done.previewSeconds).toBeGreaterThanOrEqual(0.02 * calls)
    // The epoch events count what came before them; the last epoch-end previews only the total.
    const perEpoch = events.flatMap((e) => (e.type === 'epoch' ? [e.previewSeconds] : []))
    expect(perEpoch).toHaveLength(2)
    expect(perEpoch.reduce((a, b) => a + b, 0)).toBeLessThan(done.previewSeconds)
  })

  test('previews keep to their budget of the run time; the first and the final frames always come', async () => {
    // 20 ms previews after 1 ms steps: far over a 5% budget.
    const when: { epoch: number; epochEnd: boolean }[] = []
    const slow: RecipeSession = {
      ...counter(),
      trainStep: (b) => {
        const t = performance.now()
        while (performance.now() - t < 1);
        return counter().trainStep(b)
      },
      previews: (epoch, _sample, epochEnd) => {
        when.push({ epoch, epochEnd })
        const t = performance.now()
        while (performance.now() - t < 20);
        return Promise.resolve([])
      },
    }
    const events: TrainEvent[] = []
    await runLoop(slow, dataset, { ...options(new RunControl(), events, 6), previewEverySec: 0 })
    expect(when[0]).toEqual({ epoch: 1, epochEnd: false }) // after the first batch
    expect(when.at(-1)).toEqual({ epoch: 6, epochEnd: true }) // the run's last epoch
    // 54 batches and 6 epoch ends could have asked for 60 previews; the budget allows a few.
    expect(when.length).toBeLessThan(6)
    const done = events.at(-1)
    if (done?.type !== 'done') throw new Error('no done event')
    // Without the budget (1 = everything), every batch and epoch end previews.
    when.length = 0
    await runLoop(slow, dataset, {
      ...options(new RunControl(), [], 2),
      previewEverySec: 0,
      previewBudget: 1,
    })
    expect(when.length).toBe(2 * 9 + 2)
  })
})
