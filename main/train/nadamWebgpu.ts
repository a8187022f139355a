import type * as tf from '@tensorflow/tfjs'
import type { WebGPUBackend, WebGPUProgram, webgpu_util } from '@tensorflow/tfjs-backend-webgpu'
import type { NadamUpdateAttrs } from './nadamKernel'

/** Which of the update's three results a program writes. */
type Part = 'x' | 'm' | 'v'

/**
 * WGSL for one result of the fused Nadam update (see nadamKernel.ts): each program recomputes the
 * moments (a few multiply-adds) and writes one of x′, m′, v′, since a tfjs WebGPU program has one
 * output. Three dispatches per variable instead of the op-by-op form's seventeen.
 */
function shader(part: Part): string {
  const write = {
    x: 'X[index] - uniforms.lr * (mHat / (sqrt(vHat) + uniforms.epsilon))',
    m: 'm',
    v: 'v',
  }
  return `
    fn main(index : i32) {
      if (index < uniforms.size) {
        // Every input is bound, so every shader uses each (Dawn drops an unused binding).
        _ = X[index];
        let g = G[index];
        let m = uniforms.beta1 * M[index] + uniforms.oneMinusBeta1 * g;
        let v = uniforms.beta2 * V[index] + uniforms.oneMinusBeta2 * g * g;
        let mHat = uniforms.mCoef * m + uniforms.gCoef * g;
        let vHat = v * uniforms.vCoef;
        result[index] = ${write[part]};
      }
    }`
}

function program(part: Part, shape: number[], util: typeof webgpu_util): WebGPUProgram {
  const dispatchLayout = util.flatDispatchLayout(shape)
  const workgroupSize: [number, number, number] = [64, 1, 1]
  return {
    outputShape: shape,
    shaderKey: `latentStudioNadam_${part}`,
    variableNames: ['X', 'G', 'M', 'V'],
    uniforms:
      'beta1 : f32, oneMinusBeta1 : f32, beta2 : f32, oneMinusBeta2 : f32, epsilon : f32, lr : f32, mCoef : f32, gCoef : f32, vCoef : f32,',
    dispatchLayout,
    dispatch: util.computeDispatch(dispatchLayout, shape, workgroupSize),
    workgroupSize,
    size: true,
    getUserCode: () => shader(part),
  }
}

/**
 * The fused Nadam update for tfjs's WebGPU backend; `util` is the backend package's own (it is
 * loaded only where WebGPU starts).
 */
export function webgpuNadamUpdate(util: typeof webgpu_util): tf.KernelFunc {
  return (args) => {
    const backend = args.backend as unknown as Pick<WebGPUBackend, 'runWebGPUProgram'>
    const { x, g, m, v } = args.inputs as Readonly<Record<'x' | 'g' | 'm' | 'v', tf.TensorInfo>>
    const p = args.attrs as unknown as NadamUpdateAttrs
    const uniforms = [
      p.beta1,
      1 - p.beta1,
      p.beta2,
      1 - p.beta2,
      p.epsilon,
      p.learningRate,
      p.mCoef,
      p.gCoef,
      p.vCoef,
    ].map((value) => ({ type: 'float32', data: [value] }))
    const shape = [...x.shape]
    return (['x', 'm', 'v'] as const).map((part) =>
      backend.runWebGPUProgram(program(part, shape, util), [x, g, m, v], 'float32', uniforms),
    )
  }
}
