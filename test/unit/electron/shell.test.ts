import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PNG } from 'pngjs'
import { afterAll, expect, test } from 'vitest'
import { forkEngine } from '../../../main/host/engineLink'
import { buildElectron } from '../../../scripts/buildElectron'
import { loadTemplate } from '../../../main/documents/templates'
import { chooseLaunch } from '../../../scripts/launcher'
import { templateIds } from '../../../main/documents/templates'

const ROOT = join(import.meta.dirname, '..', '..', '..')
const closers: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const close of closers) await close()
})

test('npm start opens the desktop app only where Electron can run, and says why not', () => {
  const probe = {
    electron: { binary: '/opt/electron' },
    platform: 'linux' as const,
    display: true,
    forceBrowser: false,
  }
  expect(chooseLaunch(probe)).toEqual({ kind: 'electron', binary: '/opt/electron' })
  expect(chooseLaunch({ ...probe, electron: { error: 'no internet' } })).toEqual({
    kind: 'browser',
    reason: 'the Electron binary is not available: no internet',
  })
  expect(chooseLaunch({ ...probe, display: false })).toMatchObject({
    kind: 'browser',
    reason: expect.stringContaining('no desktop session') as unknown,
  })
  expect(chooseLaunch({ ...probe, display: false, platform: 'darwin' }).kind).toBe('electron')
  expect(chooseLaunch({ ...probe, forceBrowser: true }).kind).toBe('browser')
})

test('the shell bundles: a preload that needs only electron, and an engine that runs in its own process', async () => {
  const out = await buildElectron()
  const preload = readFileSync(out.preload, 'utf8')
  expect([...new Set(preload.match(/require\("[^"]+"\)/g))]).toEqual(['require("electron")'])
  expect(preload).toContain('exposeInMainWorld("latentStudio"')
  const main = readFileSync(out.main, 'utf8')
  expect(main).toContain('sandbox: true')
  expect(main).toContain('contextIsolation: true')
  expect(main).toContain('nodeIntegration: false')
  // The main process handles what Electron otherwise leaves broken (see desktop.test.ts).
  for (const event of [
    'will-prevent-unload',
    'render-process-gone',
    'will-download',
    'open-file',
    'second-instance',
  ])
    expect(main).toContain(`"${event}"`)
  // Every package a bundle imports is a production dependency the packaged app keeps; the
  // renderer's are inside its bundle (devDependencies), the CLI's are left out of the archive.
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>
    devDependencies: Record<string, string>
  }
  const builder = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')
  const excluded = [
    ...builder.matchAll(/'!node_modules\/(?:(@[\w-]+)\/)?\{?([^}']+)\}?\/\*\*'/g),
  ].flatMap(([, scope, names]) =>
    (names ?? '').split(',').map((n) => (scope ? `${scope}/${n}` : n)),
  )
  expect(excluded).toEqual(expect.arrayContaining(['commander', 'ws', '@tensorflow/tfjs-node']))
  const all = new Set<string>()
  for (const bundle of [out.main, out.engine, out.replica, out.trainer]) {
    const imported = new Set(
      [...readFileSync(bundle, 'utf8').matchAll(/from "(?!node:)((?:@[\w.-]+\/)?[\w.-]+)[^"]*"/g)]
        .map(([, name]) => name ?? '')
        .filter((name) => name !== 'electron'),
    )
    for (const name of imported) {
      all.add(name)
      expect(Object.keys(pkg.dependencies), `${bundle} imports ${name}`).toContain(name)
      expect(excluded, `${bundle} imports ${name}`).not.toContain(name)
    }
  }
  expect([...all]).toEqual(expect.arrayContaining(['@tensorflow/tfjs', 'zod', 'pngjs']))
  for (const rendererOnly of ['react', 'react-dom', '@xyflow/react', 'zustand', 'uplot'])
    expect(Object.keys(pkg.devDependencies)).toContain(rendererOnly)
  // The bundled engine speaks the contract over IPC exactly like the one browser mode forks.
  const engine = forkEngine({ entry: out.engine })
  closers.push(() => engine.close())
  const templates = await engine.request({ id: 3, call: 'templates:list', request: {} })
  expect(templates).toMatchObject({ id: 3, ok: true })
  expect(
    'response' in templates && Array.isArray(templates.response) && templates.response.length,
  ).toBe(templateIds().length)
  // …runs our SIMD kernels on the bundled wasm backend (their bytes are inside engine.mjs)…
  const backends = await engine.request({ id: 5, call: 'backends:list', request: {} })
  const wasm =
    'response' in backends && Array.isArray(backends.response)
      ? (backends.response as { name: string; note?: string }[]).find((b) => b.name === 'wasm')
      : undefined
  expect(wasm?.note).toContain('SIMD training kernels')
  // …and probes the GPU through Dawn's binding (a native module: unpacked from the archive).
  const webgpu =
    'response' in backends && Array.isArray(backends.response)
      ? (backends.response as { name: string; note?: string; reason?: string }[]).find(
          (b) => b.name === 'webgpu',
        )
      : undefined
  expect(webgpu?.note ?? webgpu?.reason).toMatch(/^adapter: |GPU adapter|Dawn/)
  // …and trains in two threads: the bundled replica (replica.mjs beside engine.mjs) joins.
  const epochThreads = new Promise<number>((resolve) => {
    engine.onEvent((e) => {
      if (e.type === 'train:event' && e.event.type === 'epoch') resolve(e.event.threads)
    })
  })
  const vae = loadTemplate('vae')
  if (!vae.ok) throw new Error('no vae template')
  const started = await engine.request({
    id: 4,
    call: 'train:start',
    request: { doc: vae.value, epochs: 1, limit: 300, backend: 'wasm', threads: 2 },
  })
  expect(started).toMatchObject({ id: 4, ok: true, response: { ok: true } })
  expect(await epochThreads).toBe(2)
})

test('packaging resources: a 512×512 icon with transparent corners', () => {
  const icon = PNG.sync.read(readFileSync(join(ROOT, 'build', 'icon.png')))
  expect([icon.width, icon.height]).toEqual([512, 512])
  expect(icon.data[3]).toBe(0)
  expect(icon.data[(256 * 512 + 256) * 4 + 3]).toBe(255)
  const config = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')
  for (const target of ['AppImage, deb', 'target: dmg', 'target: nsis'])
    expect(config).toContain(target)
})
