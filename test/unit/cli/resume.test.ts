import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { cli, jsonLines } from '../../helpers/cli'
import { loadTemplateDoc } from '../../helpers/templates'
import { readRecord, runsDir } from '../../../main/runs/records'
import { readCheckpoint } from '../../../main/runs/checkpoint'

interface Line {
  type: string
  epoch?: number
  epochs?: number
  firstEpoch?: number
  metrics?: Record<string, number>
  runId?: string
  message?: string
}
const lines = (out: string) => jsonLines<Line>(out)

test('a run continues from its checkpoint: epochs numbered on, the loss going on down, optimizer state kept, one record', async () => {
  const first = await cli(
    'train',
    'stacked-ae',
    '--epochs',
    '2',
    '--limit',
    '512',
    '--seed',
    '3',
    '--json',
    '--no-estimate',
  )
  expect(first.code).toBe(0)
  const runId = lines(first.out).at(-1)?.runId ?? ''
  const second = lines(first.out).find((l) => l.type === 'epoch' && l.epoch === 2)
  const steps = Math.ceil((512 - 51) / 32)

  // In two threads: each replica's optimizer takes the saved state too (else their weights drift
  // from the leader's, which the epoch-end check reports).
  const resumed = await cli('train', '--resume', runId, '--epochs', '1', '--threads', '2', '--json')
  expect(resumed.err).toBe('')
  expect(resumed.code).toBe(0)
  const out = lines(resumed.out)
  expect(out[0]).toMatchObject({ type: 'start', epochs: 3, firstEpoch: 3 })
  const notices = out.filter((l) => l.type === 'notice').map((l) => l.message)
  expect(notices).toEqual(['training in 2 threads (data-parallel)'])
  const third = out.find((l) => l.type === 'epoch')
  expect(third?.epoch).toBe(3)
  expect(third?.metrics?.['loss']).toBeLessThan(second?.metrics?.['loss'] ?? 0)
  expect(out.at(-1)).toMatchObject({ type: 'done', epochs: 3, runId })

  // The same record, now of 3 epochs; its curves go on from epoch 2.
  const record = await readRecord(runId)
  expect(record).toMatchObject({ status: 'done', epochsCompleted: 3, checkpointEpoch: 3 })
  expect(record?.config).toMatchObject({ epochs: 3, limit: 512 })
  const epochs = readFileSync(join(runsDir(), runId, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { epoch?: number })
    .flatMap((p) => (p.epoch ? [p.epoch] : []))
  expect(epochs).toEqual([1, 2, 3])
  // The optimizer went on counting: Nadam's steps are the three epochs', not a fresh one's.
  const checkpoint = await readCheckpoint(join(runsDir(), runId, 'checkpoint'))
  if (!checkpoint.ok) throw new Error(checkpoint.error)
  const tensors = checkpoint.value.manifest.optimizers[0]?.tensors ?? []
  const stepOf = tensors.find((t) => t.name.endsWith('/step'))
  if (!stepOf) throw new Error('no Nadam step in the checkpoint')
  expect(checkpoint.value.floats[stepOf.offset]).toBe(3 * steps)
  expect(checkpoint.value.manifest.epoch).toBe(3)

  // A run that did all its epochs needs to be told how many more.
  const again = await cli('train', '--resume', runId)
  expect(again.code).toBe(1)
  expect(again.err).toContain('completed its 3 epoch(s): say how many more to train (--epochs N)')
  // --resume continues the run as recorded: a graph or new-run settings are refused.
  const both = await cli('train', 'vae', '--resume', runId)
  expect(both.code).toBe(2)
  expect(both.err).toContain('drop the graph "vae"')
  const limited = await cli('train', '--resume', runId, '--limit', '10')
  expect(limited.code).toBe(2)
  expect(limited.err).toContain('--limit do not apply')
})

test('a new run starts from a past run’s weights where names and shapes match, and says which', async () => {
  const first = await cli(
    'train',
    'stacked-ae',
    '--epochs',
    '1',
    '--limit',
    '256',
    '--json',
    '--no-estimate',
  )
  const runId = lines(first.out).at(-1)?.runId ?? ''
  // The same graph with a narrower coding layer: that layer and the one after it cannot take the
  // run's weights.
  const doc = loadTemplateDoc('stacked-ae')
  const edited = {
    ...doc,
    nodes: doc.nodes.map((n) =>
      n.id === 'codings'
        ? { ...n, params: { ...n.params, units: 20 } }
        : n.id === 'dec_codings'
          ? { ...n, params: { ...n.params, shape: [20] } }
          : n,
    ),
  }
  const dir = join(runsDir(), '..', 'docs')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, 'narrow.json')
  writeFileSync(file, JSON.stringify(edited))
  const started = await cli(
    'train',
    file,
    '--init-from',
    runId,
    '--epochs',
    '1',
    '--limit',
    '256',
    '--json',
    '--no-estimate',
  )
  expect(started.code).toBe(0)
  const notice = lines(started.out).find(
    (l) => l.type === 'notice' && l.message?.startsWith('starting from run'),
  )
  expect(notice?.message).toBe(
    `starting from run ${runId}: 2 layer(s) took its weights (enc_dense_100, dec_dense_784); 2 left new (dec_dense_100 ([20,100] here, [30,100] in the run), codings ([100,20] here, [100,30] in the run))`,
  )
})

test('a CLI run killed outright is marked interrupted when the history is next read', async () => {
  const doc = loadTemplateDoc('stacked-ae')
  // A process that has ended: its pid no longer runs anything.
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  })
  const pid = Number(gone.stdout)
  const id = 'run-killed-0'
  const dir = join(runsDir(), id)
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'graph.json'), JSON.stringify(doc))
  writeFileSync(
    join(dir, 'run.json'),
    JSON.stringify({
      id,
      title: 'Stacked autoencoder',
      recipe: 'autoencoder',
      startedAt: new Date().toISOString(),
      status: 'running',
      config: {
        epochs: 5,
        batchSize: 32,
        backend: 'wasm',
        optimizer: 'nadam',
        learningRate: 0.001,
        dataset: 'embedded',
      },
      epochsCompleted: 2,
      metrics: {},
      checkpoint: false,
      pid,
    }),
  )
  const listed = await cli('runs', '--json')
  const runs = JSON.parse(listed.out) as { id: string; status: string; message?: string }[]
  expect(runs.find((r) => r.id === id)).toMatchObject({
    status: 'interrupted',
    message: 'interrupted: the process training it stopped during epoch 3; no weights were saved',
  })
  // Written back: the next reader sees it so too.
  expect(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'))).toMatchObject({
    status: 'interrupted',
  })
})
