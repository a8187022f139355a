import { mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import type { create } from 'webgpu'
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu'
import { registerNadamUpdateOn } from '../train/nadamKernel'
import { webgpuNadamUpdate } from '../train/nadamWebgpu'

/** The GPU adapter Dawn found, as the backend list shows it. */
export interface GpuAdapter {
  readonly vendor: string
  readonly architecture: string
  readonly description: string
  /** A CPU implementation of the API (SwiftShader, lavapipe, WARP): correct, and slow. */
  readonly software: boolean
}

/** What Dawn says of an adapter (WebGPU's GPUAdapterInfo; `isFallbackAdapter` is newer). */
type AdapterInfo = Pick<GPUAdapterInfo, 'vendor' | 'architecture' | 'description' | 'device'> & {
  readonly isFallbackAdapter?: boolean
}

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|warp|software|microsoft basic render/i

/** Where Dawn looks for a GPU on this platform (the reason given when it finds none). */
const API =
  process.platform === 'darwin' ? 'Metal' : process.platform === 'win32' ? 'D3D12' : 'Vulkan'

/** Reads Dawn's adapter as the backend list shows it. */
export function describeAdapter(info: AdapterInfo): GpuAdapter {
  const text = `${info.vendor} ${info.architecture} ${info.device} ${info.description}`
  return {
    vendor: info.vendor || 'unknown vendor',
    architecture: info.architecture || info.device || 'unknown',
    description: info.description,
    software: info.isFallbackAdapter === true || SOFTWARE.test(text),
  }
}

/** A line for the backend list: "NVIDIA ampere (Vulkan)", "google swiftshader (software, Vulkan)". */
export const adapterText = (a: GpuAdapter): string =>
  `${a.vendor} ${a.architecture} (${a.software ? 'software, ' : ''}${API})`

/**
 * On a Linux machine without a desktop session (a server, a container) Vulkan drivers probe for
 * Wayland, and libwayland prints "error: XDG_RUNTIME_DIR is invalid or not set in the environment"
 * to the terminal, twice, under `latent-studio backends`. A private runtime folder (as a session
 * manager would give) keeps the probe quiet; where the variable is set, nothing changes.
 */
function quietWindowSystemProbe(): void {
  if (process.platform !== 'linux' || process.env['XDG_RUNTIME_DIR']) return
  const dir = join(tmpdir(), `latent-studio-runtime-${String(process.getuid?.() ?? 'user')}`)
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    process.env['XDG_RUNTIME_DIR'] = dir
  } catch {
    // Only a message on the terminal is at stake.
  }
}

let found: Promise<{ adapter: GpuAdapter } | { error: string }> | null = null

/**
 * Finds a WebGPU adapter through Dawn (once per process) and makes it `navigator.gpu` for tfjs's
 * WebGPU backend: Vulkan on Linux, Metal on macOS, D3D12 on Windows. Answers why not in words a
 * user can act on.
 */
export function findAdapter(): Promise<{ adapter: GpuAdapter } | { error: string }> {
  found ??= (async () => {
    quietWindowSystemProbe()
    let dawn: { create: typeof create; globals: object }
    try {
      dawn = await import('webgpu')
    } catch (e) {
      return {
        error: `Dawn's Node binding (the webgpu package) did not load: ${e instanceof Error ? e.message : String(e)}`,
      }
    }
    Object.assign(globalThis, dawn.globals)
    const gpu = dawn.create([])
    const adapter =
      (await gpu.requestAdapter({ powerPreference: 'high-performance' })) ??
      (await gpu.requestAdapter({ featureLevel: 'compatibility' }))
    if (!adapter)
      return {
        error: `no ${API} GPU adapter was found${process.platform === 'linux' ? ' (is libvulkan1 and a Vulkan driver installed? VK_ICD_FILENAMES can name one)' : ''}`,
      }
    const nav = (globalThis as { navigator?: { gpu?: unknown } }).navigator
    if (!nav) Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true })
    else if (!nav.gpu) Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true })
    return { adapter: describeAdapter(adapter.info) }
  })()
  return found
}

/**
 * Starts tfjs's WebGPU backend on Dawn's adapter, a software one included (only a run that names
 * the backend starts it: `auto` chooses per run, hardware adapters only); null when it runs, else
 * why not.
 */
export async function startWebgpu(): Promise<string | null> {
  const r = await findAdapter()
  if ('error' in r) return r.error
  // The backend registers itself on import, when navigator.gpu is there.
  const { webgpu_util } = await import('@tensorflow/tfjs-backend-webgpu')
  registerNadamUpdateOn('webgpu', webgpuNadamUpdate(webgpu_util))
  if (!(await tf.setBackend('webgpu'))) return 'the WebGPU backend did not initialize'
  watchDevice((tf.backend() as unknown as Pick<WebGPUBackend, 'device'>).device)
  return null
}

let fault: string | null = null
const watched = new WeakSet<GPUDevice>()

/**
 * Keeps the device's first uncaptured error (validation, out of memory, internal) and its loss:
 * tfjs does not listen, and a GPU command that failed leaves zeros behind without a word, so a
 * run would go on training on them.
 */
function watchDevice(device: GPUDevice): void {
  if (watched.has(device)) return
  watched.add(device)
  device.addEventListener('uncapturederror', (e) => {
    const { error } = e
    fault ??= `the GPU reported ${error.constructor.name}: ${error.message.trim()}`
  })
  void device.lost.then((info) => {
    fault ??= `the GPU device was lost (${info.reason}${info.message ? `: ${info.message}` : ''})`
  })
}

/** The GPU's error since the last call (see watchDevice), or null; taking it clears it. */
export function takeDeviceFault(): string | null {
  const taken = fault
  fault = null
  return taken
}
