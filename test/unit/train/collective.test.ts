import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { THREAD_BOOT } from '../../../main/threads/spawnThread'
import { afterEach, expect, test } from 'vitest'
import {
  allocateGroup,
  Command,
  GroupBroken,
  GroupView,
  Tag,
} from '../../../main/train/parallel/collective'
import type { PeerOp } from '../../helpers/groupPeer'

const PEER = join(import.meta.dirname, '../../helpers/groupPeer.ts')
let workers: Worker[] = []
afterEach(async () => {
  await Promise.all(workers.map((w) => w.terminate()))
  workers = []
})

/** Party 0 here, party 1 in a worker thread replaying `ops`. */
function pair(ops: PeerOp[], minDeadlineMs?: number): GroupView {
  const memory = allocateGroup({
    parties: 2,
    capacity: 16,
    ...(minDeadlineMs ? { minDeadlineMs } : {}),
  })
  workers.push(new Worker(THREAD_BOOT, { workerData: { entry: PEER, memory, ops } }))
  return new GroupView(memory, 0)
}

test('all-reduce returns the mean weighted by each party’s share, in both parties', () => {
  const view = pair([{ op: 'reduce', tag: Tag.Gradients, values: [5, 6, 7], weight: 1 }])
  expect(Array.from(view.allReduce(Tag.Gradients, Float32Array.from([1, 2, 3]), 3))).toEqual([
    2, 3, 4,
  ])
})

test('consecutive reductions pair up in order (double-buffered slots)', () => {
  const view = pair([
    { op: 'reduce', tag: Tag.Gradients, values: [10], weight: 1 },
    { op: 'reduce', tag: Tag.Gradients, values: [20], weight: 1 },
    { op: 'reduce', tag: Tag.Gradients, values: [30], weight: 1 },
  ])
  const got = [0, 2, 4].map((v) => view.allReduce(Tag.Gradients, Float32Array.from([v]), 1)[0])
  expect(got).toEqual([5, 11, 17])
})

test('the weight check tells identical weights from differing ones', () => {
  const view = pair([
    { op: 'equal', values: [1, 2, 3] },
    { op: 'equal', values: [1, 2.5, 3] },
  ])
  expect(view.allEqual(Float32Array.from([1, 2, 3]))).toBe(true)
  expect(view.allEqual(Float32Array.from([1, 2, 3]))).toBe(false)
})

test('parties reducing different things are out of step: a bug, thrown', () => {
  const view = pair([{ op: 'reduce', tag: Tag.Weights, values: [1, 2], weight: 0 }])
  expect(() => view.allReduce(Tag.Gradients, Float32Array.from([1, 2]), 1)).toThrow(/out of step/)
})

test('a failing party stops the others from waiting, with its message', () => {
  const view = pair([{ op: 'fail', message: 'out of memory' }])
  expect(() => view.allReduce(Tag.Gradients, Float32Array.from([1]), 1)).toThrow(GroupBroken)
  expect(view.failure()).toBe('training thread 2 failed: out of memory')
})

test('a party that goes silent inside a reduction is given up on after the deadline', () => {
  const view = pair([{ op: 'hang' }], 300)
  const t0 = performance.now()
  expect(() => view.allReduce(Tag.Gradients, Float32Array.from([1]), 1)).toThrow(
    /stopped answering/,
  )
  expect(performance.now() - t0).toBeGreaterThanOrEqual(300)
})

test('a replica waits for the next command as long as the leader takes (a paused run)', async () => {
  const view = pair(
    [{ op: 'next' }, { op: 'reduce', tag: Tag.Gradients, values: [4], weight: 1 }],
    100,
  )
  // Paused for 5 deadlines, then the command and a reduction: the replica is still there.
  await new Promise((r) => setTimeout(r, 500))
  view.post(Command.Step)
  expect(view.failure()).toBeNull()
  expect(Array.from(view.allReduce(Tag.Gradients, Float32Array.from([2]), 1))).toEqual([3])
})
