// Times the wasm Conv2DBackpropFilter (im2col + XNNPACK matmul) against tfjs's cpu backend.
// Usage: npx tsx bench/kernels.ts [--json]
import * as tf from '@tensorflow/tfjs'
import { useBackend } from '../main/engine/backend'

interface Case {
  readonly name: string
  readonly x: [number, number, number, number]
  readonly filter: [number, number, number, number]
  readonly strides: number
}
const CASES: Case[] = [
  {
    name: 'conv-ae layer 1 (28×28×1 → 16, 3×3)',
    x: [32, 28, 28, 1],
    filter: [3, 3, 1, 16],
    strides: 1,
  },
  {
    name: 'conv-ae layer 2 (14×14×16 → 32, 3×3)',
    x: [32, 14, 14, 16],
    filter: [3, 3, 16, 32],
    strides: 1,
  },
  {
    name: 'DCGAN disc (28×28×1 → 64, 5×5 /2)',
    x: [32, 28, 28, 1],
    filter: [5, 5, 1, 64],
    strides: 2,
  },
  {
    name: 'DCGAN disc (14×14×64 → 128, 5×5 /2)',
    x: [32, 14, 14, 64],
    filter: [5, 5, 64, 128],
    strides: 2,
  },
]

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] ?? NaN
}

async function time(backend: 'wasm' | 'cpu', c: Case, reps: number): Promise<number[]> {
  await useBackend(backend)
  const x = tf.randomNormal<tf.Rank.R4>(c.x)
  const y = tf.conv2d(x, tf.randomNormal<tf.Rank.R4>(c.filter), c.strides, 'same')
  const dy = tf.randomNormal(y.shape)
  const attrs = {
    strides: c.strides,
    pad: 'same',
    dataFormat: 'NHWC',
    filterShape: c.filter,
  } as unknown as tf.NamedAttrMap
  const run = (): tf.Tensor => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs)
  run().dispose() // warm-up
  const times: number[] = []
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now()
    const out = run()
    await out.data()
    times.push(performance.now() - t0)
    out.dispose()
  }
  tf.dispose([x, y, dy])
  return times
}

const rows = []
for (const c of CASES) {
  const wasm = await time('wasm', c, 9)
  const cpu = await time('cpu', c, 3)
  rows.push({
    case: c.name,
    wasmMs: +median(wasm).toFixed(2),
    wasmMin: +Math.min(...wasm).toFixed(2),
    wasmMax: +Math.max(...wasm).toFixed(2),
    cpuMs: +median(cpu).toFixed(2),
    speedup: +(median(cpu) / median(wasm)).toFixed(1),
  })
}
if (process.argv.includes('--json')) console.log(JSON.stringify(rows, null, 2))
else console.table(rows)
