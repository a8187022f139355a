/**
 * Shared memory of a group of training threads (one leader, the rest replicas), each with its own
 * tfjs engine: the leader's commands with their batch payload, and an all-reduce that averages
 * every party's gradients so that all of them apply the same update and keep identical weights.
 *
 * Synchronous by design (Atomics.wait): it runs inside an optimizer step, which tfjs runs
 * synchronously. Reduce buffers are double-buffered by generation, so a fast party can write the
 * next reduction while a slow one still reads the last.
 */

export const enum Command {
  None = 0,
  Phase = 1,
  Step = 2,
  Sync = 3,
  Exit = 4,
  Check = 5,
}

/** What an all-reduce carries; parties must agree on it, or they are out of step (a bug). */
export const enum Tag {
  Gradients = 1,
  Weights = 2,
  Barrier = 3,
  Check = 4,
}

const HEADER = 16
const H_SEQ = 0
const H_KIND = 1
const H_ARG = 2
const H_FAILED = 3
const H_MESSAGE = 4 // failing party's message, as char codes from HEADER_MESSAGE
const PER_PARTY = 9
const P_GEN = 0
const P_READY = 1
const P_COUNT = 2
const P_OFFSET = 3
const P_TAG = 4 // + slot
const P_LEN = 6 // + slot
const P_TENSORS = 8 // live tensors in the party's engine, as of its last weight check
const MESSAGE_CHARS = 400

export interface GroupLayout {
  readonly parties: number
  /** Floats in each reduce slot and in the payload: the larger of a phase's variables and a batch. */
  readonly capacity: number
  /** The least a reduction waits for a silent party (MIN_DEADLINE_MS unless a test says). */
  readonly minDeadlineMs?: number
}

export interface GroupMemory extends GroupLayout {
  readonly sab: SharedArrayBuffer
}

/**
 * How long a party waits for the others inside a reduction before calling the group broken: at
 * least a minute, and 20 times the longest wait seen so far (a slow model's steps are long).
 */
const MIN_DEADLINE_MS = 60_000

export function allocateGroup(layout: GroupLayout): GroupMemory {
  const ints = HEADER + layout.parties * PER_PARTY + MESSAGE_CHARS
  const floats = layout.parties * 3 + layout.capacity * (1 + layout.parties * 2)
  return { ...layout, sab: new SharedArrayBuffer(4 * (ints + floats)) }
}

/** One party's view of the group memory (party 0 leads). */
export class GroupView {
  readonly ctrl: Int32Array
  /** Per party: the weight of its command share, then its reduce weight in each slot. */
  private readonly weights: Float32Array
  /** Batch payload the leader writes for the replicas. */
  readonly payload: Float32Array
  private readonly slots: Float32Array[][]
  private gen = 0
  private seenSeq = 0

  constructor(
    readonly memory: GroupMemory,
    readonly party: number,
  ) {
    const { parties, capacity, sab } = memory
    const ints = HEADER + parties * PER_PARTY + MESSAGE_CHARS
    this.ctrl = new Int32Array(sab, 0, ints)
    this.weights = new Float32Array(sab, 4 * ints, parties * 3)
    let at = 4 * (ints + parties * 3)
    this.payload = new Float32Array(sab, at, capacity)
    at += 4 * capacity
    this.slots = Array.from({ length: parties }, () =>
      [0, 1].map(() => {
        const s = new Float32Array(sab, at, capacity)
        at += 4 * capacity
        return s
      }),
    )
  }

  private base(p: number): number {
    return HEADER + p * PER_PARTY
  }

  get parties(): number {
    return this.memory.parties
  }

  markReady(): void {
    Atomics.store(this.ctrl, this.base(this.party) + P_READY, 1)
  }

  /** True once every replica has compiled its models and waits for commands. */
  allReady(): boolean {
    for (let p = 1; p < this.parties; p++)
      if (Atomics.load(this.ctrl, this.base(p) + P_READY) !== 1) return false
    return true
  }

  /** Records this party's failure so that the others stop waiting for it. */
  fail(message: string): void {
    const text = message.slice(0, MESSAGE_CHARS)
    const from = HEADER + this.parties * PER_PARTY
    for (let i = 0; i < MESSAGE_CHARS; i++) this.ctrl[from + i] = text.charCodeAt(i) || 0
    Atomics.store(this.ctrl, H_MESSAGE, text.length)
    Atomics.store(this.ctrl, H_FAILED, this.party + 1)
    for (let p = 0; p < this.parties; p++) Atomics.notify(this.ctrl, this.base(p) + P_GEN)
    Atomics.notify(this.ctrl, H_SEQ)
  }

  /** The failure another party recorded, if any. */
  failure(): string | null {
    const who = Atomics.load(this.ctrl, H_FAILED)
    if (who === 0) return null
    const from = HEADER + this.parties * PER_PARTY
    const n = Atomics.load(this.ctrl, H_MESSAGE)
    const chars = Array.from(this.ctrl.subarray(from, from + n))
    return `training thread ${String(who)} failed: ${String.fromCharCode(...chars)}`
  }

  private slowestWait = 0

  /**
   * Waits until `done` holds for the int at `index`, or another party fails. With `deadline`, also
   * gives up when the others take far longer than they ever have (a thread that died silently).
   */
  private waitFor(
    index: number,
    done: (value: number) => boolean,
    what: string,
    deadline = true,
  ): void {
    const started = performance.now()
    const limit = Math.max(this.memory.minDeadlineMs ?? MIN_DEADLINE_MS, 20 * this.slowestWait)
    for (;;) {
      const v = Atomics.load(this.ctrl, index)
      if (done(v)) {
        if (deadline) this.slowestWait = Math.max(this.slowestWait, performance.now() - started)
        return
      }
      const failed = this.failure()
      if (failed) throw new GroupBroken(failed)
      if (deadline && performance.now() - started > limit)
        throw new GroupBroken(`training threads stopped answering (${what})`)
      Atomics.wait(this.ctrl, index, v, 50)
    }
  }

  // Leader side: commands.

  /** Posts a command; each replica's share of the payload is given by `shares` (count, offset, weight). */
  post(kind: Command, arg = 0, shares: readonly Share[] = []): void {
    shares.forEach((s, i) => {
      const b = this.base(i + 1)
      this.ctrl[b + P_COUNT] = s.count
      this.ctrl[b + P_OFFSET] = s.offset
      this.weights[(i + 1) * 3] = s.weight
    })
    this.ctrl[H_KIND] = kind
    this.ctrl[H_ARG] = arg
    Atomics.add(this.ctrl, H_SEQ, 1)
    Atomics.notify(this.ctrl, H_SEQ)
  }

  // Replica side: commands.

  /** Waits for the leader's next command. */
  next(): { kind: Command; arg: number; count: number; offset: number; weight: number } {
    // No deadline: the leader may be paused for as long as the user likes.
    this.waitFor(H_SEQ, (v) => v !== this.seenSeq, 'waiting for a command', false)
    this.seenSeq = Atomics.load(this.ctrl, H_SEQ)
    const b = this.base(this.party)
    return {
      kind: commandOf(this.ctrl[H_KIND] ?? 0),
      arg: this.ctrl[H_ARG] ?? 0,
      count: this.ctrl[b + P_COUNT] ?? 0,
      offset: this.ctrl[b + P_OFFSET] ?? 0,
      weight: this.weights[this.party * 3] ?? 0,
    }
  }

  // Every party: the all-reduce.

  /**
   * The weighted mean over all parties of `values` (each party's weight is its share of the batch).
   * Every party gets bit-identical results: they average the same numbers in the same order.
   */
  allReduce(tag: Tag, values: Float32Array, weight: number): Float32Array {
    if (values.length > this.memory.capacity)
      throw new Error(`all-reduce of ${values.length} values exceeds ${this.memory.capacity}`)
    const gen = ++this.gen
    const slot = gen & 1
    const me = this.base(this.party)
    this.slots[this.party]?.[slot]?.set(values)
    this.weights[this.party * 3 + 1 + slot] = weight
    this.ctrl[me + P_TAG + slot] = tag
    this.ctrl[me + P_LEN + slot] = values.length
    Atomics.store(this.ctrl, me + P_GEN, gen)
    Atomics.notify(this.ctrl, me + P_GEN)
    for (let p = 0; p < this.parties; p++)
      if (p !== this.party)
        this.waitFor(this.base(p) + P_GEN, (v) => v >= gen, `all-reduce ${String(gen)}`)
    let total = 0
    for (let p = 0; p < this.parties; p++) {
      const b = this.base(p)
      if (this.ctrl[b + P_TAG + slot] !== tag || this.ctrl[b + P_LEN + slot] !== values.length)
        throw new Error(
          `training threads out of step: party ${String(p)} reduces tag ${String(this.ctrl[b + P_TAG + slot])} × ${String(this.ctrl[b + P_LEN + slot])}, party ${String(this.party)} tag ${String(tag)} × ${String(values.length)}`,
        )
      total += this.weights[p * 3 + 1 + slot] ?? 0
    }
    const out = new Float32Array(values.length)
    if (total <= 0) return out
    for (let p = 0; p < this.parties; p++) {
      const w = (this.weights[p * 3 + 1 + slot] ?? 0) / total
      const src = this.slots[p]?.[slot]
      if (!src || w === 0) continue
      for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) + (src[i] ?? 0) * w
    }
    return out
  }

  /** Records how many tensors this party's engine holds (read by the leader after a check). */
  reportTensors(count: number): void {
    Atomics.store(this.ctrl, this.base(this.party) + P_TENSORS, count)
  }

  /** Each replica's last reported tensor count (party 1 first). */
  replicaTensors(): number[] {
    return Array.from({ length: this.parties - 1 }, (_, i) =>
      Atomics.load(this.ctrl, this.base(i + 1) + P_TENSORS),
    )
  }

  /** True if every party holds the same `values`, bit for bit (all parties call it together). */
  allEqual(values: Float32Array): boolean {
    this.allReduce(Tag.Check, values, 1)
    // Peers cannot overwrite this generation's slots before this party reduces again.
    const slot = this.gen & 1
    const mine = new Uint32Array(values.buffer, values.byteOffset, values.length)
    for (let p = 0; p < this.parties; p++) {
      const s = this.slots[p]?.[slot]
      if (!s) return false
      const theirs = new Uint32Array(s.buffer, s.byteOffset, values.length)
      for (let i = 0; i < mine.length; i++) if (mine[i] !== theirs[i]) return false
    }
    return true
  }

  /** Waits until every party has reached this point. */
  barrier(): void {
    this.allReduce(Tag.Barrier, EMPTY, 1)
  }
}

const EMPTY = new Float32Array(0)

function commandOf(n: number): Command {
  switch (n) {
    case 1:
      return Command.Phase
    case 2:
      return Command.Step
    case 3:
      return Command.Sync
    case 4:
      return Command.Exit
    case 5:
      return Command.Check
    default:
      return Command.None
  }
}

/** A replica's part of a batch: `count` examples at `offset` in the payload, weighing `weight`. */
export interface Share {
  readonly count: number
  readonly offset: number
  readonly weight: number
}

/** Another party failed or stopped answering: the group cannot go on. */
export class GroupBroken extends Error {}
