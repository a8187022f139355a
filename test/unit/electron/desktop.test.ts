import { EventEmitter } from 'node:events'
import { describe, expect, test, vi } from 'vitest'
import type { ServerMessage } from '../../../common/api'
import { acceleratorOf, COMMAND_IDS, commandSpec } from '../../../common/commands'
import { fitDefaultBounds, minimumFor } from '../../../electron/bounds'
import { guardUnload, reloadGoneRenderer } from '../../../electron/contentsGuards'
import { DOWNLOADS_ENV, handleDownloads, type Download } from '../../../electron/downloads'
import { utilitySpawner, type UtilityChild } from '../../../electron/engineProcess'
import { menuTemplate } from '../../../electron/menuTemplate'
import { documentsInArgv, PendingDocuments } from '../../../electron/openFiles'
import { windowHolder } from '../../../electron/windowHolder'

// The shell's modules import Electron, whose binary is not here: only what they are handed is used.
vi.mock('electron', () => ({
  utilityProcess: {},
  app: { getPath: (name: string) => `/home/ada/.config/${name}` },
}))

/** A webContents as the guards see it: events, and a reload that is counted. */
class FakeContents extends EventEmitter {
  reloads = 0
  reload(): void {
    this.reloads++
  }
}

describe('closing and crashing windows', () => {
  test('a window with unsaved edits asks; Leave lets it close, Stay keeps it', () => {
    const contents = new FakeContents()
    let answer: 'leave' | 'stay' = 'stay'
    const asked: number[] = []
    guardUnload(contents, () => {
      asked.push(1)
      return answer
    })
    // Electron's event: preventDefault() ignores the page's beforeunload, so the window closes.
    const close = () => {
      let closes = false
      contents.emit('will-prevent-unload', { preventDefault: () => (closes = true) })
      return closes
    }
    expect(close()).toBe(false)
    answer = 'leave'
    expect(close()).toBe(true)
    expect(asked).toHaveLength(2)
  })

  test('a renderer that crashed is reloaded and the user told; a clean exit is not a crash', () => {
    const contents = new FakeContents()
    const told: string[] = []
    reloadGoneRenderer(contents, (m) => told.push(m))
    contents.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 })
    expect(contents.reloads).toBe(0)
    contents.emit('render-process-gone', {}, { reason: 'oom', exitCode: 133 })
    expect(contents.reloads).toBe(1)
    expect(told).toEqual([
      "The window's page stopped (oom, exit code 133) and was reloaded; unsaved edits come back from the recovery copy.",
    ])
  })

  test('menus used after the window closed open a new window instead of a destroyed one', () => {
    class FakeWindow extends EventEmitter {
      destroyed = false
      sent: string[] = []
      isDestroyed = () => this.destroyed
      close() {
        this.destroyed = true
        this.emit('closed')
      }
    }
    const made: FakeWindow[] = []
    const holder = windowHolder(() => {
      const w = new FakeWindow()
      made.push(w)
      return w
    })
    const template = menuTemplate({
      platform: 'darwin',
      packaged: true,
      send: (c) => holder.open().sent.push(c),
      openExternal: () => undefined,
    })
    const fit = template
      .flatMap((m) => (Array.isArray(m.submenu) ? m.submenu : []))
      .find((i) => i.label === commandSpec('fitView').label)
    const click = () => {
      ;(fit?.click as (() => void) | undefined)?.()
    }
    holder.open()
    click()
    made[0]?.close()
    expect(holder.current()).toBeNull()
    click()
    expect(made).toHaveLength(2)
    expect(made.map((w) => w.sent)).toEqual([['fitView'], ['fitView']])
    expect(holder.current()).toBe(made[1])
  })
})

describe('the engine process', () => {
  test('a V8 fatal error in the engine is logged, not thrown in the main process; its exit restarts it', () => {
    const child = Object.assign(new EventEmitter(), {
      pid: 42,
      postMessage: vi.fn(),
      kill: () => true,
    }) as EventEmitter & UtilityChild
    const forks: string[][] = []
    const spawn = utilitySpawner('/app/engine.mjs', (entry, args) => {
      forks.push([entry, ...args])
      return child
    })
    const exits: string[] = []
    const messages: ServerMessage[] = []
    const engine = spawn({ message: (m) => messages.push(m), exit: (r) => exits.push(r) })
    expect(forks).toEqual([['/app/engine.mjs', '--electron']])
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    expect(() => child.emit('error', 'FatalError', 'v8::ToLocalChecked', '{}')).not.toThrow()
    expect(logged).toHaveBeenCalledWith(
      'the engine process failed: FatalError at v8::ToLocalChecked',
    )
    logged.mockRestore()
    child.emit('exit', 134)
    expect(exits).toEqual(['exit code 134'])
    expect(engine.send({ id: 1 })).toBe(false)
  })
})

describe('documents from the desktop', () => {
  test('documents named on a command line are found, packaged or not, flags skipped', () => {
    expect(
      documentsInArgv(
        ['/opt/Latent Studio/latent-studio-desktop', '--no-sandbox', 'vae.lsgraph', 'Old.JSON'],
        '/home/ada',
      ),
    ).toEqual(['/home/ada/vae.lsgraph', '/home/ada/Old.JSON'])
    // Unpackaged: electron, the app's folder, then the arguments; a second instance's argv
    // carries Chromium's switches.
    expect(
      documentsInArgv(
        ['/x/electron', '/repo', '--allow-file-access-from-files', '/tmp/a.lsgraph', 'notes.txt'],
        '/w',
      ),
    ).toEqual(['/tmp/a.lsgraph'])
  })

  test('documents wait for the window, which is told whenever some are waiting', () => {
    const pending = new PendingDocuments()
    pending.add('/a.lsgraph')
    let told = 0
    pending.onWaiting(() => told++)
    expect(told).toBe(1) // waiting from before the window loaded
    pending.add('/b.lsgraph')
    expect(told).toBe(2)
    expect([pending.take(), pending.take(), pending.take()]).toEqual([
      '/a.lsgraph',
      '/b.lsgraph',
      undefined,
    ])
  })

  test('downloads ask where to save, in Downloads; with $LATENT_STUDIO_DOWNLOADS they go there', () => {
    const source = new EventEmitter()
    const item = (name: string) => {
      const done: { path?: string; dialog?: { title: string; defaultPath: string } } = {}
      const d: Download = {
        getFilename: () => name,
        setSavePath: (path) => (done.path = path),
        setSaveDialogOptions: (o) => (done.dialog = o),
      }
      return { d, done }
    }
    const env: NodeJS.ProcessEnv = {}
    handleDownloads(source, '/home/ada/Downloads', env)
    const asked = item('decoder.onnx')
    source.emit('will-download', {}, asked.d)
    expect(asked.done).toEqual({
      dialog: { title: 'Save', defaultPath: '/home/ada/Downloads/decoder.onnx' },
    })
    env[DOWNLOADS_ENV] = '/tmp/e2e'
    const direct = item('../../etc/decoder.onnx')
    source.emit('will-download', {}, direct.d)
    expect(direct.done).toEqual({ path: '/tmp/e2e/decoder.onnx' })
  })
})

describe('windows and menus', () => {
  test('the first window fits the screen it opens on', () => {
    expect(fitDefaultBounds({ x: 0, y: 0, width: 1920, height: 1050 })).toEqual({
      x: 240,
      y: 75,
      width: 1440,
      height: 900,
    })
    // A 1366×768 laptop less its panel: the whole work area.
    expect(fitDefaultBounds({ x: 0, y: 32, width: 1366, height: 736 })).toEqual({
      x: 0,
      y: 32,
      width: 1366,
      height: 736,
    })
    expect(minimumFor({ x: 0, y: 0, width: 1000, height: 650 })).toEqual({
      width: 1000,
      height: 650,
    })
  })

  const items = (platform: NodeJS.Platform) =>
    menuTemplate({ platform, packaged: true, send: () => undefined, openExternal: () => undefined })

  test('text fields keep their editing keys: menu items show shortcuts the page runs; macOS gets the editing roles', () => {
    for (const platform of ['darwin', 'linux', 'win32'] as const) {
      const all = items(platform).flatMap((m) => (Array.isArray(m.submenu) ? m.submenu : []))
      const commands = all.filter((i) => i.label !== undefined && i.click && i.accelerator)
      expect(commands.length).toBeGreaterThan(20)
      // Shown, not registered: F, Delete or Ctrl+C typed in a field never reach the graph.
      for (const i of commands) expect(i.registerAccelerator).toBe(false)
      const edit = items(platform).find((m) => m.label === '&Edit')
      const roles = (Array.isArray(edit?.submenu) ? edit.submenu : []).flatMap((i) =>
        i.role ? [i] : [],
      )
      if (platform === 'darwin') {
        expect(roles.map((i) => i.role)).toEqual([
          'undo',
          'redo',
          'cut',
          'copy',
          'paste',
          'selectAll',
        ])
        for (const r of roles) expect(r).toMatchObject({ visible: false })
      } else expect(roles).toEqual([])
    }
  })

  test('no shortcut is one macOS keeps for itself (Cmd+H hides the app, Cmd+Q quits…)', () => {
    const reserved = ['H', 'Q', 'W', 'M', 'Alt+H', 'Tab', 'Space', ','].map((k) => `CmdOrCtrl+${k}`)
    for (const id of COMMAND_IDS)
      for (const chord of commandSpec(id).chords)
        expect(reserved, `${id}: ${acceleratorOf(chord)}`).not.toContain(acceleratorOf(chord))
    expect(commandSpec('runHistory').chords.map(acceleratorOf)).toEqual(['CmdOrCtrl+Shift+H'])
  })
})
