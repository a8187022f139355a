import * as tf from '@tensorflow/tfjs'
import { BackendWasm } from '@tensorflow/tfjs-backend-wasm'
import { batchMatMul } from './batchMatMul'
import { conv2DBackpropFilter } from './conv2DBackpropFilter'
import { conv2DBackpropInput } from './conv2DBackpropInput'
import { depthwiseBackpropFilter, depthwiseBackpropInput } from './depthwiseBackprop'
import { maxPoolGrad } from './maxPoolGrad'
import { resizeNearestGrad } from './resizeNearestGrad'
import { mean, sum } from './leadingReduce'
import { tile } from './tile'
import { unsortedSegmentSum } from './unsortedSegmentSum'
import { stockKernel } from './wasm'
import { simdKernels } from './simd/instance'

/**
 * Training kernels for the wasm backend. `missing`: the stock backend lacks them, and without them
 * no convolutional model trains on wasm. `faster`: the stock backend has them as direct loops that
 * dominate a convolutional model's step (see `npm run bench:kernels`); ours replace them.
 */
export const WASM_KERNELS = [
  { kernelName: 'Conv2DBackpropFilter', kernelFunc: conv2DBackpropFilter, why: 'missing' },
  {
    kernelName: 'DepthwiseConv2dNativeBackpropFilter',
    kernelFunc: depthwiseBackpropFilter,
    why: 'missing',
  },
  {
    kernelName: 'DepthwiseConv2dNativeBackpropInput',
    kernelFunc: depthwiseBackpropInput,
    why: 'missing',
  },
  { kernelName: 'UnsortedSegmentSum', kernelFunc: unsortedSegmentSum, why: 'missing' },
  { kernelName: 'Conv2DBackpropInput', kernelFunc: conv2DBackpropInput, why: 'faster' },
  { kernelName: 'MaxPoolGrad', kernelFunc: maxPoolGrad, why: 'faster' },
  { kernelName: 'Tile', kernelFunc: tile, why: 'faster' },
  { kernelName: 'BatchMatMul', kernelFunc: batchMatMul, why: 'faster' },
  { kernelName: 'Sum', kernelFunc: sum, why: 'faster' },
  { kernelName: 'Mean', kernelFunc: mean, why: 'faster' },
  { kernelName: 'ResizeNearestNeighborGrad', kernelFunc: resizeNearestGrad, why: 'faster' },
] as const

const ours = new Set<tf.KernelFunc>()

/** Registers WASM_KERNELS once: missing ones where the backend lacks them, faster ones in place of its own. */
export function registerWasmKernels(): void {
  for (const k of WASM_KERNELS) {
    const kernelFunc = k.kernelFunc as unknown as tf.KernelFunc
    const current = tf.getKernelsForBackend('wasm').find((r) => r.kernelName === k.kernelName)
    if (current && (k.why === 'missing' || ours.has(current.kernelFunc))) continue
    // Ours may call the stock kernel they replace, whose setup (binding its wasm function) must
    // still run: it is captured, and its setup kept on ours.
    const setupFunc = current ? stockKernel(k.kernelName).setupFunc : undefined
    if (current) tf.unregisterKernel(k.kernelName, 'wasm')
    ours.add(kernelFunc)
    tf.registerKernel({
      kernelName: k.kernelName,
      backendName: 'wasm',
      kernelFunc,
      ...(setupFunc ? { setupFunc } : {}),
    })
  }
}

/** Whether the active wasm backend runs our SIMD kernels, in words for `backends` and the app. */
export function wasmKernelsNote(): string {
  const backend = tf.backend()
  if (!(backend instanceof BackendWasm)) return 'not the active backend'
  return simdKernels(backend)
    ? 'with Latent Studio’s WebAssembly SIMD training kernels'
    : 'without WebAssembly SIMD: portable kernels, convolutional models train several times slower'
}
