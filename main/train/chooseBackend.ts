import type { BackendName } from '../../common/backends'
import type { Result } from '../../common/graph/result'
import type { GpuAdapter } from '../tfjs/webgpu'

/** One candidate's timed epoch (a few of the run's own steps, its validation and FID). */
export interface BackendTiming {
  readonly backend: BackendName
  readonly secondsPerEpoch: number
}

/** Where an `auto` run trains, the timings it was chosen by (none when there was no choice), and why. */
export interface RunBackendChoice {
  readonly backend: BackendName
  readonly timings: readonly BackendTiming[]
  readonly why: string
}

/** What choosing needs: `auto`'s CPU-class backend, the GPU adapter, and a way to time a backend. */
export interface ChoiceProbe {
  readonly base: BackendName
  readonly adapter: () => Promise<{ adapter: GpuAdapter } | { error: string }>
  readonly time: (backend: BackendName) => Promise<Result<number>>
}

const secs = (s: number) => (s < 10 ? s.toFixed(2) : s.toFixed(1))

/**
 * `auto` for one run: the backend `auto` starts (the fastest CPU-class one here) unless a hardware
 * GPU adapter is there and the run's own graph trains faster on it. Whether it does depends on the
 * graph (a small dense model is faster on wasm than through a GPU's dispatch and read-backs), so
 * both are timed; a software adapter (SwiftShader, lavapipe) is never a candidate.
 */
export async function chooseRunBackend(probe: ChoiceProbe): Promise<RunBackendChoice> {
  const { base } = probe
  const gpu = await probe.adapter()
  if ('error' in gpu) return { backend: base, timings: [], why: `no GPU: ${gpu.error}` }
  if (gpu.adapter.software)
    return { backend: base, timings: [], why: 'the only GPU adapter here is a software one' }
  const onGpu = await probe.time('webgpu')
  if (!onGpu.ok)
    return { backend: base, timings: [], why: `webgpu could not be timed: ${onGpu.error}` }
  const onBase = await probe.time(base)
  const timings: BackendTiming[] = [
    { backend: 'webgpu', secondsPerEpoch: onGpu.value },
    ...(onBase.ok ? [{ backend: base, secondsPerEpoch: onBase.value }] : []),
  ]
  const backend = !onBase.ok || onGpu.value < onBase.value ? 'webgpu' : base
  const figures = timings.map((t) => `${t.backend} ${secs(t.secondsPerEpoch)} s`).join(', ')
  return {
    backend,
    timings,
    why: `auto timed an epoch of this graph: ${figures}; it trains on ${backend}`,
  }
}
