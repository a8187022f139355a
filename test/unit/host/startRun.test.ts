import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import type { EngineEvent, WireTrainEvent } from '../../../common/api'
import { startRun } from '../../../main/host/startRun'
import { readCurves, readRecord } from '../../../main/runs/records'
import { loadTemplateDoc } from '../../helpers/templates'

test('a run is on disk once started, and its end reaches the renderer only when the record is final', async () => {
  const root = mkdtempSync(join(tmpdir(), 'ls-start-'))
  const sent: WireTrainEvent[] = []
  let recordAtEnd: unknown = null
  const emit = (e: EngineEvent) => {
    if (e.type !== 'train:event') return
    sent.push(e.event)
    if (e.event.type === 'done') void readRecord(e.runId, root).then((r) => (recordAtEnd = r))
  }
  const run = await startRun(
    { doc: loadTemplateDoc('vae'), epochs: 2, limit: 640, datasetRoots: [] },
    root,
    emit,
  )
  expect(await readRecord(run.runId, root)).toMatchObject({ status: 'running', checkpoint: false })
  await run.ended
  await expect.poll(() => recordAtEnd).toMatchObject({ status: 'done', checkpoint: true })
  // Asked for `auto` (no backend given): the record names the backend it ran on.
  expect(await readRecord(run.runId, root)).toMatchObject({ config: { backend: 'wasm' } })
  expect(sent.at(-1)).toMatchObject({ type: 'done', epochs: 2 })
  // Every batch point the renderer saw is on disk too, with the epoch points.
  const seen = sent.filter((e) => e.type === 'batch').length
  const onDisk = await readCurves(join(root, run.runId))
  expect(onDisk).toHaveLength(seen + 2)
})
