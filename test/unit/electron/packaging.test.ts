import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { Ajv } from 'ajv'
import { expect, test } from 'vitest'
import { parse } from 'yaml'
import { THREAD_BOOT } from '../../../main/threads/spawnThread'
import { binaryFromProbe, earlyExitReason, probeElectron } from '../../../scripts/launcher'

const ROOT = join(import.meta.dirname, '..', '..', '..')
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8')
const config = parse(read('electron-builder.yml')) as {
  files: string[]
  asarUnpack: string[]
  linux: { executableName: string; maintainer?: string }
  deb?: { depends?: string[] }
  fileAssociations: { ext: string; mimeType: string }[]
}
const pkg = JSON.parse(read('package.json')) as {
  author?: { email?: string }
  homepage?: string
  productName?: string
  bin: Record<string, string>
  scripts: Record<string, string>
}

test('electron-builder.yml is valid for electron-builder 26.11.1 (its own schema), and `npm run dist` uses that version', () => {
  const schema = JSON.parse(read('test/fixtures/electron-builder-26.11.1.schema.json')) as object
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema)
  expect(validate(config), JSON.stringify(validate.errors, null, 2)).toBe(true)
  // The schema catches what it knows: an unknown key is refused.
  expect(validate({ ...config, linux: { ...config.linux, maintainerr: 'x' } })).toBe(false)
  expect(pkg.scripts['dist']).toContain('electron-builder@26.11.1 ')
})

test('the deb target has what it needs: an author with an email, a maintainer, a homepage; Electron’s own dependencies', () => {
  expect(pkg.author?.email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/)
  expect(pkg.homepage).toMatch(/^https:\/\//)
  expect(config.linux.maintainer).toMatch(/<[^@\s]+@[^@\s]+>$/)
  // A `depends` list replaces electron-builder's defaults (libgbm1, libxtst6, libsecret…).
  expect(config.deb?.depends).toBeUndefined()
  // One name for dev and packaged builds (their data folders follow it).
  expect(pkg.productName).toBe('Latent Studio')
  // Native modules cannot load from the asar archive: Dawn's binding is unpacked.
  expect(config.asarUnpack).toContain('node_modules/webgpu/dist/**/*')
})

test('the app and the command-line tool have different executables, and the desktop entry opens the app', () => {
  expect(config.linux.executableName).not.toBe('latent-studio')
  expect(Object.keys(pkg.bin)).toContain('latent-studio')
  const exec = /^Exec=(\S+) %F$/m.exec(read('build/latent-studio.desktop'))?.[1]
  expect(exec).toBe('latent-studio-desktop')
  expect(read(pkg.bin[exec ?? ''] ?? '')).toContain("import('../scripts/start.ts')")
  expect(config.fileAssociations).toEqual([
    expect.objectContaining({ ext: 'lsgraph', mimeType: 'application/x-latent-studio-graph' }),
  ])
})

test('engine threads start from any folder: the boot imports its entry by file URL', async () => {
  // A folder name that is no valid ESM specifier as a bare path ('#' starts a URL fragment), as a
  // Windows path (C:\…) is not one either.
  const dir = join(mkdtempSync(join(tmpdir(), 'ls-boot-')), 'Latent #1 Studio')
  mkdirSync(dir)
  const entry = join(dir, 'entry.mjs')
  writeFileSync(
    entry,
    "import { parentPort } from 'node:worker_threads'\nparentPort.postMessage('started')\n",
  )
  const worker = new Worker(THREAD_BOOT, { workerData: { entry } })
  const said = await new Promise((resolve, reject) => {
    worker.once('message', resolve)
    worker.once('error', reject)
  })
  expect(said).toBe('started')
  await worker.terminate()
})

test('npm start finds the Electron binary after the package’s download messages, and falls back when Electron dies at start', () => {
  expect(binaryFromProbe('Downloading Electron binary...\n/opt/electron/electron\n')).toBe(
    '/opt/electron/electron',
  )
  // A stub `electron` package that downloads first, as the real one does on a fresh install.
  const checkout = mkdtempSync(join(tmpdir(), 'ls-launch-'))
  const stub = join(checkout, 'node_modules', 'electron')
  mkdirSync(stub, { recursive: true })
  writeFileSync(
    join(stub, 'index.js'),
    `console.log('Downloading Electron binary...')\nmodule.exports = ${JSON.stringify(process.execPath)}\n`,
  )
  expect(probeElectron(checkout)).toEqual({ binary: process.execPath })
  expect(
    earlyExitReason(
      133,
      '[1:1:FATAL:setuid_sandbox_host.cc(158)] The SUID sandbox helper binary was found, but is not configured correctly.',
    ),
  ).toContain('restricts unprivileged user namespaces')
  expect(earlyExitReason(0, '')).toBeNull()
})
