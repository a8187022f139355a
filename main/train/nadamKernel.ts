import { BACKEND_SPECS, type ReplicaBackend } from '../../common/backends'
import * as tf from '@tensorflow/tfjs'
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm'

/**
 * One Nadam update of a variable as a single kernel, for the wasm and cpu backends (WebGPU's is in
 * nadamWebgpu.ts): the op-by-op
 * form costs about 17 kernel launches (and their scalar constants) per variable per step, a fixed
 * cost that dominates small steps. Inputs x (the variable), g, m, v; outputs x′, m′, v′.
 */
export const NADAM_UPDATE = 'LatentStudioNadamUpdate'

export interface NadamUpdateAttrs {
  readonly beta1: number
  readonly beta2: number
  readonly epsilon: number
  readonly learningRate: number
  /** m̂ = mCoef·m′ + gCoef·g and v̂ = vCoef·v′ (the step's bias corrections). */
  readonly mCoef: number
  readonly gCoef: number
  readonly vCoef: number
}

type Arrays = Record<'x' | 'g' | 'm' | 'v' | 'xOut' | 'mOut' | 'vOut', Float32Array>

function update(a: Arrays, p: NadamUpdateAttrs): void {
  const { beta1, beta2, epsilon, learningRate, mCoef, gCoef, vCoef } = p
  const n = a.x.length
  for (let i = 0; i < n; i++) {
    const g = a.g[i] ?? 0
    // Rounded to float32 at each stage, as the op-by-op form is.
    const m = Math.fround(Math.fround(beta1 * (a.m[i] ?? 0)) + Math.fround((1 - beta1) * g))
    const v = Math.fround(Math.fround(beta2 * (a.v[i] ?? 0)) + Math.fround((1 - beta2) * g * g))
    const mHat = Math.fround(Math.fround(mCoef * m) + Math.fround(gCoef * g))
    const vHat = Math.fround(v * vCoef)
    a.mOut[i] = m
    a.vOut[i] = v
    a.xOut[i] = (a.x[i] ?? 0) - learningRate * (mHat / (Math.sqrt(vHat) + epsilon))
  }
}

type Inputs = Readonly<Record<'x' | 'g' | 'm' | 'v', tf.TensorInfo>>

function wasmUpdate(args: {
  inputs: Inputs
  backend: BackendWasm
  attrs: NadamUpdateAttrs
}): tf.TensorInfo[] {
  const { inputs, backend } = args
  const shape = [...inputs.x.shape]
  const outs = [0, 1, 2].map(() => backend.makeOutput(shape, 'float32'))
  // Views after every allocation: the heap may have grown.
  const view = (t: tf.TensorInfo) => backend.typedArrayFromHeap(t) as Float32Array
  const [xOut, mOut, vOut] = outs.map(view)
  if (!xOut || !mOut || !vOut) throw new Error('no outputs')
  update(
    {
      x: view(inputs.x),
      g: view(inputs.g),
      m: view(inputs.m),
      v: view(inputs.v),
      xOut,
      mOut,
      vOut,
    },
    args.attrs,
  )
  return outs
}

interface CpuBackend {
  readSync(dataId: tf.DataId): tf.backend_util.BackendValues
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo
}

function cpuUpdate(args: {
  inputs: Inputs
  backend: CpuBackend
  attrs: NadamUpdateAttrs
}): tf.TensorInfo[] {
  const { inputs, backend } = args
  const read = (t: tf.TensorInfo) => backend.readSync(t.dataId) as Float32Array
  const n = inputs.x.shape.reduce((a, b) => a * b, 1)
  const arrays: Arrays = {
    x: read(inputs.x),
    g: read(inputs.g),
    m: read(inputs.m),
    v: read(inputs.v),
    xOut: new Float32Array(n),
    mOut: new Float32Array(n),
    vOut: new Float32Array(n),
  }
  update(arrays, args.attrs)
  const shape = [...inputs.x.shape]
  return [arrays.xOut, arrays.mOut, arrays.vOut].map((a) =>
    backend.makeTensorInfo(shape, 'float32', a),
  )
}

/** The fused update's kernel for each backend we train in replica threads. */
const UPDATES: { readonly [K in ReplicaBackend]: tf.KernelFunc } = {
  wasm: wasmUpdate as unknown as tf.KernelFunc,
  cpu: cpuUpdate as unknown as tf.KernelFunc,
}

/** Registers the fused update for a backend (once; the backend's start calls it). */
export function registerNadamUpdate(backend: ReplicaBackend): void {
  registerNadamUpdateOn(BACKEND_SPECS[backend].tfjsName, UPDATES[backend])
}

/** Registers a fused update on a tfjs backend by its name (WebGPU's: see nadamWebgpu.ts), once. */
export function registerNadamUpdateOn(backendName: string, kernelFunc: tf.KernelFunc): void {
  if (tf.getKernelsForBackend(backendName).some((k) => k.kernelName === NADAM_UPDATE)) return
  tf.registerKernel({ kernelName: NADAM_UPDATE, backendName, kernelFunc })
}

/** The kernel for a backend, typed as what tfjs returns when there is none. */
const kernelFor = (backend: string): tf.KernelConfig | undefined =>
  tf.getKernel(NADAM_UPDATE, backend)

/** True when the active backend has the fused update (a map lookup: it runs every step). */
export const hasNadamUpdate = (): boolean => kernelFor(tf.getBackend()) !== undefined
