// Times the wasm Conv2DBackpropFilter: our SIMD kernel, the portable im2col + XNNPACK path
// (LATENT_STUDIO_SIMD_KERNELS=0) and tfjs's cpu backend.
// Usage: npx tsx bench/kernels.ts [--json]
import * as tf from '@tensorflow/tfjs'
import { useBackend } from '../main/tfjs/backend'

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
  {
    name: 'diffusion (32×32×32 → 32, 3×3)',
    x: [32, 32, 32, 32],
    filter: [3, 3, 32, 32],
    strides: 1,
  },
  {
    name: 'diffusion (32×32×96 → 16, 1×1)',
    x: [32, 32, 32, 96],
    filter: [1, 1, 96, 16],
    strides: 1,
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
  process.env.LATENT_STUDIO_SIMD_KERNELS = '0'
  const im2col = await time('wasm', c, 5)
  delete process.env.LATENT_STUDIO_SIMD_KERNELS
  const cpu = await time('cpu', c, 3)
  rows.push({
    case: c.name,
    simdMs: +median(wasm).toFixed(2),
    simdMin: +Math.min(...wasm).toFixed(2),
    simdMax: +Math.max(...wasm).toFixed(2),
    im2colMs: +median(im2col).toFixed(2),
    cpuMs: +median(cpu).toFixed(2),
    vsIm2col: +(median(im2col) / median(wasm)).toFixed(1),
  })
}
if (process.argv.includes('--json')) console.log(JSON.stringify(rows, null, 2))
else console.table(rows)
