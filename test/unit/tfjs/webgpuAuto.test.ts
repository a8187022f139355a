import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, vi } from 'vitest'
import type { EngineEvent, WireTrainEvent } from '../../../common/api'
import { startRun } from '../../../main/host/startRun'
import { describeEstimate, estimateRun } from '../../../main/train/estimate'
import type { RunEstimate } from '../../../common/events'
import { readRecord, runsDir } from '../../../main/runs/records'
import { cli, jsonLines } from '../../helpers/cli'
import type * as Webgpu from '../../../main/tfjs/webgpu'
import { loadTemplateDoc } from '../../helpers/templates'
import { webgpuUnavailable } from '../../helpers/webgpu'

// `auto` with a hardware GPU, as far as this machine can show it: SwiftShader (the only adapter
// here) is presented as a hardware one, so the run's own graph is timed on webgpu and on wasm and
// the faster is taken. On SwiftShader that is wasm; the wiring (timing, notice, record) is what
// is checked. Real GPUs were not available to these sessions.
const why = await webgpuUnavailable()
vi.mock('../../../main/tfjs/webgpu', async (importOriginal) => {
  const actual = await importOriginal<typeof Webgpu>()
  return {
    ...actual,
    findAdapter: async () => {
      const r = await actual.findAdapter()
      return 'error' in r ? r : { adapter: { ...r.adapter, software: false } }
    },
  }
})

test.skipIf(why !== null)(
  `an auto run times its graph on the GPU and the CPU, trains on the faster and records why${why ? ` (not run here: ${why})` : ''}`,
  async () => {
    const root = mkdtempSync(join(tmpdir(), 'ls-auto-'))
    const sent: WireTrainEvent[] = []
    const emit = (e: EngineEvent) => {
      if (e.type === 'train:event') sent.push(e.event)
    }
    const run = await startRun(
      { doc: loadTemplateDoc('linear-ae'), epochs: 1, limit: 64, datasetRoots: [] },
      root,
      emit,
    )
    await run.ended
    const record = await readRecord(run.runId, root)
    const choice = record?.config.backendChoice ?? []
    expect(choice.map((c) => c.backend)).toEqual(['webgpu', 'wasm'])
    for (const c of choice) expect(c.secondsPerEpoch).toBeGreaterThan(0)
    const fastest = [...choice].sort((a, b) => a.secondsPerEpoch - b.secondsPerEpoch)[0]
    expect(record?.config.backend).toBe(fastest?.backend)
    expect(sent).toContainEqual({
      type: 'notice',
      message: expect.stringMatching(
        /^auto timed an epoch of this graph: webgpu .* s, wasm .* s; it trains on /,
      ) as unknown,
    })
    expect(sent.at(-1)).toMatchObject({ type: 'done' })
    // The estimate shown before a run says the same.
    const estimate = await estimateRun(loadTemplateDoc('linear-ae'), { epochs: 1, limit: 64 })
    if (!estimate.ok) throw new Error(estimate.error)
    expect(estimate.value.backendChoice?.map((c) => c.backend)).toEqual(['webgpu', 'wasm'])
    expect(describeEstimate(estimate.value)).toMatch(
      estimate.value.backend === 'wasm'
        ? /, wasm \(auto: .* per epoch on webgpu\)/
        : /, webgpu \(auto: .* per epoch on wasm\)/,
    )
  },
  120_000,
)

test.skipIf(why !== null)(
  `train (auto) times the candidates once: the run takes the choice its estimate made${why ? ` (not run here: ${why})` : ''}`,
  async () => {
    const r = await cli('train', 'linear-ae', '--epochs', '1', '--limit', '64', '--json')
    expect(r.code).toBe(0)
    const lines = jsonLines<{ type: string; runId?: string } & Partial<RunEstimate>>(r.out)
    const estimate = lines.find((l) => l.type === 'estimate')
    const done = lines.find((l) => l.type === 'done')
    expect(estimate?.backendChoice?.map((c) => c.backend)).toEqual(['webgpu', 'wasm'])
    const record = await readRecord(done?.runId ?? '', runsDir())
    // Timed again, the figures would differ: the record keeps the estimate's own.
    expect(record?.config.backendChoice).toEqual(estimate?.backendChoice)
    expect(record?.config.backend).toBe(estimate?.backend)
  },
  120_000,
)
