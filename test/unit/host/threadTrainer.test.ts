import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import type { EngineEvent, WireTrainEvent } from '../../../common/api'
import { threadTrainer } from '../../../main/host/threadTrainer'
import { readRecord } from '../../../main/runs/records'
import { loadTemplateDoc } from '../../helpers/templates'

const root = mkdtempSync(join(tmpdir(), 'ls-thread-trainer-'))
const events: { runId: string; event: WireTrainEvent }[] = []
const logged: string[] = []
const emit = (e: EngineEvent) => {
  if (e.type === 'train:event') events.push({ runId: e.runId, event: e.event })
}
// The first training thread ends itself once its first epoch's end has gone out.
process.env['LATENT_STUDIO_FAULT'] = 'trainer-exit:1'
const trainer = threadTrainer(root, emit, (line) => logged.push(line))
delete process.env['LATENT_STUDIO_FAULT']
afterAll(() => trainer.close())

const of = (runId: string) => events.filter((e) => e.runId === runId).map((e) => e.event)

test('runs train in the training thread; when it dies the run is interrupted with its checkpoint, and the next run gets a new thread', async () => {
  const doc = loadTemplateDoc('vae')
  const first = await trainer.start({ doc, epochs: 3, limit: 200, threads: 1, datasetRoots: [] })
  if (!first.ok) throw new Error(first.error)
  await first.value.ended
  const ended = of(first.value.runId)
  // The thread died as epoch 1's end went out (later epochs may have trained meanwhile).
  expect(ended.filter((e) => e.type === 'epoch')).toHaveLength(1)
  const failed = ended.at(-1)
  expect(failed?.type).toBe('failed')
  const message = failed?.type === 'failed' ? failed.message : ''
  const [, kept] =
    /^interrupted: the training thread stopped \(exit code 70\) (?:during epoch [23]|after its last epoch); the weights of epoch (\d) are kept, and training can continue from them$/.exec(
      message,
    ) ?? []
  expect(Number(kept)).toBeGreaterThanOrEqual(1)
  expect(await readRecord(first.value.runId, root)).toMatchObject({
    status: 'interrupted',
    message,
    checkpoint: true,
    checkpointEpoch: Number(kept),
  })
  expect(logged).toEqual(['the training thread stopped (exit code 70)'])

  // The next call starts a new thread (without the fault): the run continues there.
  const next = await trainer.continue({ runId: first.value.runId, epochs: 1, datasetRoots: [] })
  if (!next.ok) throw new Error(next.error)
  await next.value.ended
  expect(of(first.value.runId).at(-1)).toMatchObject({ type: 'done', epochs: Number(kept) + 1 })
  expect(await readRecord(first.value.runId, root)).toMatchObject({
    status: 'done',
    epochsCompleted: Number(kept) + 1,
  })
}, 60_000)
