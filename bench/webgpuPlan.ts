import { adapterText, findAdapter } from '../main/tfjs/webgpu'

/** Whether the bench trains on WebGPU, on which adapter, and the words its report gives. */
export interface WebgpuPlan {
  readonly measure: boolean
  readonly adapter: string
  /** The report's line: the adapter measured, or why the column is empty. */
  readonly text: string
}

/**
 * The bench's webgpu column is measured on a hardware adapter only: a software one (SwiftShader on
 * a machine without a GPU) checks correctness (scripts/webgpuCheck.ts, the test suite) and would
 * take hours on DCGAN, so it is measured only when asked (`--webgpu-software`).
 */
export async function webgpuPlan(software: boolean): Promise<WebgpuPlan> {
  const found = await findAdapter()
  if ('error' in found) return { measure: false, adapter: '', text: `not measured: ${found.error}` }
  const adapter = adapterText(found.adapter)
  if (found.adapter.software && !software)
    return {
      measure: false,
      adapter,
      text: `not measured: this machine has only a software adapter, ${adapter} (correct but slow; --webgpu-software measures it anyway)`,
    }
  return { measure: true, adapter, text: `one thread driving ${adapter}` }
}
