import * as tf from '@tensorflow/tfjs'
import { conv2DBackpropFilter } from './conv2DBackpropFilter'
import { depthwiseBackpropFilter, depthwiseBackpropInput } from './depthwiseBackprop'
import { unsortedSegmentSum } from './unsortedSegmentSum'

/** Training kernels the stock wasm backend lacks; without them no convolutional model trains on wasm. */
export const WASM_KERNELS = [
  { kernelName: 'Conv2DBackpropFilter', kernelFunc: conv2DBackpropFilter },
  { kernelName: 'DepthwiseConv2dNativeBackpropFilter', kernelFunc: depthwiseBackpropFilter },
  { kernelName: 'DepthwiseConv2dNativeBackpropInput', kernelFunc: depthwiseBackpropInput },
  { kernelName: 'UnsortedSegmentSum', kernelFunc: unsortedSegmentSum },
] as const

/** Registers WASM_KERNELS once; a kernel the wasm backend already has is left alone. */
export function registerWasmKernels(): void {
  for (const k of WASM_KERNELS) {
    if (tf.getKernelsForBackend('wasm').some((r) => r.kernelName === k.kernelName)) continue
    tf.registerKernel({
      kernelName: k.kernelName,
      backendName: 'wasm',
      kernelFunc: k.kernelFunc as unknown as tf.KernelFunc,
    })
  }
}
