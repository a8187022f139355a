import { expect, test } from 'vitest'
import { err, ok } from '../../../common/graph/result'
import type { BackendName } from '../../../common/backends'
import { chooseRunBackend, type ChoiceProbe } from '../../../main/train/chooseBackend'

/** A machine with this adapter, where an epoch of the run takes these seconds per backend. */
const machine = (
  adapter: Awaited<ReturnType<ChoiceProbe['adapter']>>,
  seconds: Partial<Record<BackendName, number>>,
) => {
  const timed: BackendName[] = []
  const probe: ChoiceProbe = {
    base: 'wasm',
    adapter: () => Promise.resolve(adapter),
    time: (backend) => {
      timed.push(backend)
      const s = seconds[backend]
      return Promise.resolve(s === undefined ? err(`${backend} failed`) : ok(s))
    },
  }
  return { probe, timed }
}
const gpu = (software: boolean) => ({
  adapter: { vendor: 'nvidia', architecture: 'ada', description: '', software },
})

test('auto trains on the GPU only where a hardware adapter is faster for this graph', async () => {
  const faster = machine(gpu(false), { webgpu: 3, wasm: 40 })
  expect(await chooseRunBackend(faster.probe)).toEqual({
    backend: 'webgpu',
    timings: [
      { backend: 'webgpu', secondsPerEpoch: 3 },
      { backend: 'wasm', secondsPerEpoch: 40 },
    ],
    why: 'auto timed an epoch of this graph: webgpu 3.00 s, wasm 40.0 s; it trains on webgpu',
  })
  // A small dense model: dispatch and read-backs cost more than the GPU saves.
  const slower = machine(gpu(false), { webgpu: 2, wasm: 0.4 })
  expect(await chooseRunBackend(slower.probe)).toMatchObject({ backend: 'wasm' })
  expect(slower.timed).toEqual(['webgpu', 'wasm'])
})

test('no GPU, a software adapter or a GPU that fails: the CPU backend, without timing', async () => {
  const none = machine({ error: 'no Vulkan GPU adapter was found' }, { wasm: 1 })
  expect(await chooseRunBackend(none.probe)).toEqual({
    backend: 'wasm',
    timings: [],
    why: 'no GPU: no Vulkan GPU adapter was found',
  })
  const swiftshader = machine(gpu(true), { webgpu: 1, wasm: 9 })
  expect(await chooseRunBackend(swiftshader.probe)).toMatchObject({ backend: 'wasm', timings: [] })
  expect([...none.timed, ...swiftshader.timed]).toEqual([])
  const broken = machine(gpu(false), { wasm: 1 })
  expect(await chooseRunBackend(broken.probe)).toMatchObject({
    backend: 'wasm',
    why: 'webgpu could not be timed: webgpu failed',
  })
})
