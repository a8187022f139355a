import { existsSync } from 'node:fs'
import { findAdapter } from '../../main/tfjs/webgpu'

// With no GPU, Dawn runs on SwiftShader, the CPU Vulkan driver in Debian's chromium package (with
// libvulkan1): correct and slow.
const SWIFTSHADER = '/usr/lib/chromium/vk_swiftshader_icd.json'

/**
 * Why WebGPU specs cannot run here, or null when an adapter was found (SwiftShader's when the
 * machine has no GPU driver and VK_ICD_FILENAMES was not set).
 */
export async function webgpuUnavailable(): Promise<string | null> {
  if (process.env['VK_ICD_FILENAMES'] === undefined && existsSync(SWIFTSHADER))
    process.env['VK_ICD_FILENAMES'] = SWIFTSHADER
  const found = await findAdapter()
  if (!('error' in found)) return null
  console.warn(`WebGPU specs not run here: ${found.error}`)
  return found.error
}
