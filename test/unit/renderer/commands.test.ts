// @vitest-environment happy-dom
import { beforeEach, expect, test, vi } from 'vitest'
import {
  acceleratorOf,
  chordText,
  COMMAND_IDS,
  commandSpec,
  menuSections,
  MENUS,
} from '../../../common/commands'
import { commandContext, runCommand } from '../../../renderer/commandTable'
import { startTraining } from '../../../renderer/engine'
import { commandFor } from '../../../renderer/shortcuts'
import { graphStore, loadDocument } from '../../../renderer/store/graphStore'
import { IDLE_RUN, useRun } from '../../../renderer/store/runStore'
import { useTrainSettings } from '../../../renderer/store/trainSettings'
import { fixture } from '../../helpers/docs'

vi.mock('../../../renderer/engine', () => ({
  startTraining: vi.fn(() => Promise.resolve()),
  controlRun: vi.fn(() => Promise.resolve()),
  callEngine: vi.fn(),
}))

const key = (k: string, mod = false, shift = false) => ({
  key: k,
  ctrlKey: mod,
  metaKey: false,
  shiftKey: shift,
  altKey: false,
})

beforeEach(() => {
  vi.mocked(startTraining).mockClear()
  loadDocument(graphStore, fixture('vae'), null)
  useRun.setState({ ...IDLE_RUN, engine: 'connected' })
  useTrainSettings.setState({ epochs: '', limit: '', backend: 'auto' })
})

test('no two commands share a shortcut, and every chord finds its own command', () => {
  const seen = new Map<string, string>()
  for (const id of COMMAND_IDS)
    for (const c of commandSpec(id).chords) {
      const text = chordText(c)
      expect(seen.get(text), `${text} is taken`).toBeUndefined()
      seen.set(text, id)
      expect(commandFor(key(c.key, c.mod ?? false, c.shift ?? false))).toBe(id)
    }
  // The shortcuts that once existed only in the Electron menu work in the page too.
  expect(commandFor(key('n', true))).toBe('new')
  expect(commandFor(key('l', true))).toBe('autoLayout')
  expect(commandFor(key('Enter', true))).toBe('train')
  expect(commandFor(key('h', true, true))).toBe('runHistory')
  expect(commandFor(key('h', true))).toBeUndefined() // macOS hides the app with Cmd+H
  expect(commandFor(key('e', true))).toBe('export')
  expect(commandFor(key('z', true, true))).toBe('redo')
  expect(commandFor({ ...key('z'), metaKey: true }, true)).toBe('undo')
  expect(commandFor({ ...key('s', true), altKey: true })).toBeUndefined()
})

test('the menus hold every command that names one, in sections, with Electron accelerators', () => {
  const inMenus = MENUS.flatMap((m) => menuSections(m).flat())
  expect(new Set(inMenus)).toEqual(new Set(COMMAND_IDS.filter((id) => commandSpec(id).menu)))
  expect(menuSections('file')).toEqual([
    ['new', 'open', 'templates'],
    ['save', 'saveAs'],
    ['export'],
  ])
  expect(acceleratorOf({ key: 's', mod: true, shift: true })).toBe('CmdOrCtrl+Shift+S')
  expect(acceleratorOf({ key: 'Delete' })).toBe('Delete')
  expect(chordText({ key: 's', mod: true, shift: true }, true)).toBe('⇧⌘S')
})

test("the Train command (menu, shortcut, dock) starts a run with the dock's settings", () => {
  useTrainSettings.setState({ epochs: '3', limit: '100', backend: 'wasm', memoryGb: '2.5' })
  expect(runCommand('train')).toBe(true)
  expect(startTraining).toHaveBeenCalledWith(graphStore.getState().doc, 3, 100, 'wasm', 2.5e9)

  // Empty fields take the document's epochs and every example.
  useTrainSettings.setState({ epochs: '', limit: '', backend: 'auto', memoryGb: '' })
  runCommand('train')
  expect(startTraining).toHaveBeenLastCalledWith(
    graphStore.getState().doc,
    graphStore.getState().doc.training.epochs,
    undefined,
    'auto',
    undefined,
  )
})

test('commands are disabled when they cannot run, and then do nothing', () => {
  useTrainSettings.setState({ epochs: 'two' })
  expect(commandContext().trainable).toBe(false)
  expect(runCommand('train')).toBe(false)
  useTrainSettings.setState({ epochs: '' })
  useRun.setState({ status: 'running' })
  expect(runCommand('train')).toBe(false)
  useRun.setState({ status: 'idle', engine: 'offline' })
  expect(runCommand('train')).toBe(false)
  expect(startTraining).not.toHaveBeenCalled()
  expect(commandContext().canUndo).toBe(false)
  expect(runCommand('undo')).toBe(false)
  expect(runCommand('stop')).toBe(false)
})
