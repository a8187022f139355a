// Party 1 of a test group (a worker thread): replays the operations it is given.
import { workerData } from 'node:worker_threads'
import { GroupView, type GroupMemory, type Tag } from '../../main/train/parallel/collective'

export type PeerOp =
  | { readonly op: 'reduce'; readonly tag: Tag; readonly values: number[]; readonly weight: number }
  | { readonly op: 'equal'; readonly values: number[] }
  | { readonly op: 'fail'; readonly message: string }
  | { readonly op: 'next' }
  | { readonly op: 'hang' }

const { memory, ops } = workerData as { memory: GroupMemory; ops: PeerOp[] }
const view = new GroupView(memory, 1)
for (const o of ops) {
  if (o.op === 'reduce') view.allReduce(o.tag, Float32Array.from(o.values), o.weight)
  if (o.op === 'equal') view.allEqual(Float32Array.from(o.values))
  if (o.op === 'fail') view.fail(o.message)
  if (o.op === 'next') view.next()
  // A thread that stops answering without a word (as one killed by the system would).
  if (o.op === 'hang') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)
}
