import type { CommandId } from '../common/commands'
import { usePrefs } from './store/prefsStore'
import {
  autoLayout,
  copySelection,
  cutSelection,
  deleteSelection,
  duplicateSelection,
  paste,
  redoEdit,
  selectAll,
  groupSelection,
  ungroupSelection,
  undoEdit,
} from './commands'
import { newDocument, openDocument, save } from './documentCommands'
import { controlRun, startTraining } from './engine'
import { openHistory } from './history'
import { validationOf } from './store/derived'
import { graphStore, useGraph, useHistory } from './store/graphStore'
import { useRun, type RunStatus } from './store/runStore'
import { parsedTrainSettings, useTrainSettings } from './store/trainSettings'
import { NO_SELECTION, requestFit, select, useUi } from './store/uiStore'

/** What decides whether commands are enabled, read from the stores. */
export interface CommandContext {
  readonly canUndo: boolean
  readonly canRedo: boolean
  readonly hasSelection: boolean
  /** Exactly one group is selected (Ungroup). */
  readonly groupSelected: boolean
  readonly hasClipboard: boolean
  readonly engineReady: boolean
  readonly runStatus: RunStatus
  /** The document is valid and the dock's settings are whole numbers. */
  readonly trainable: boolean
}

const runActive = (s: RunStatus) => s === 'starting' || s === 'running' || s === 'paused'

/**
 * What each command does and when it is enabled. Its label, shortcuts and place in the menus are
 * `common/commands.ts`; the toolbar, the shortcuts and the desktop menus all run commands from
 * here, so they cannot drift apart.
 */
export const COMMANDS: {
  readonly [K in CommandId]: {
    run(): void
    enabled?(c: CommandContext): boolean
  }
} = {
  new: { run: newDocument },
  open: { run: () => void openDocument() },
  templates: {
    run: () => {
      useUi.setState({ galleryOpen: true })
    },
  },
  save: { run: () => void save(false) },
  saveAs: { run: () => void save(true) },
  export: { run: () => void openHistory() },
  undo: { run: undoEdit, enabled: (c) => c.canUndo },
  redo: { run: redoEdit, enabled: (c) => c.canRedo },
  cut: { run: cutSelection, enabled: (c) => c.hasSelection },
  copy: { run: () => void copySelection(), enabled: (c) => c.hasSelection },
  paste: { run: paste, enabled: (c) => c.hasClipboard },
  duplicate: { run: duplicateSelection, enabled: (c) => c.hasSelection },
  delete: { run: deleteSelection, enabled: (c) => c.hasSelection },
  group: { run: groupSelection, enabled: (c) => c.hasSelection },
  ungroup: { run: ungroupSelection, enabled: (c) => c.groupSelected },
  selectAll: { run: selectAll },
  selectNone: {
    run: () => {
      select(NO_SELECTION)
    },
  },
  fitView: { run: requestFit },
  toggleMinimap: {
    run: () => {
      useUi.setState((s) => ({ minimap: !s.minimap }))
    },
  },
  toggleShapeStyle: {
    run: () => {
      usePrefs.setState((s) => ({ shapeStyle: s.shapeStyle === 'keras' ? 'list' : 'keras' }))
    },
  },
  autoLayout: { run: () => void autoLayout() },
  runHistory: { run: () => void openHistory() },
  train: {
    run: trainWithDockSettings,
    enabled: (c) => c.engineReady && c.trainable && !runActive(c.runStatus),
  },
  pauseResume: {
    run: () =>
      void controlRun(useRun.getState().status === 'paused' ? 'train:resume' : 'train:pause'),
    enabled: (c) => c.runStatus === 'running' || c.runStatus === 'paused',
  },
  stop: { run: () => void controlRun('train:stop'), enabled: (c) => runActive(c.runStatus) },
}

/** Starts a run of the open document with the dock's settings (epochs, example limit, backend). */
function trainWithDockSettings(): void {
  const { doc } = graphStore.getState()
  const settings = parsedTrainSettings(useTrainSettings.getState(), doc.training.epochs)
  if (!settings) return
  void startTraining(doc, settings.epochs, settings.limit, settings.backend, settings.memoryBudget)
}

const hasSelection = (s: ReturnType<typeof useUi.getState>) =>
  s.selection.nodeIds.size + s.selection.groupIds.size + s.selection.edgeIds.size > 0

/** The context now (for a shortcut or a menu item, run once). */
export function commandContext(): CommandContext {
  const history = graphStore.temporal.getState()
  const ui = useUi.getState()
  const run = useRun.getState()
  const { doc } = graphStore.getState()
  return {
    canUndo: history.pastStates.length > 0,
    canRedo: history.futureStates.length > 0,
    hasSelection: hasSelection(ui),
    groupSelected: ui.selection.groupIds.size === 1,
    hasClipboard: ui.clipboard !== null,
    engineReady: run.engine === 'connected',
    runStatus: run.status,
    trainable:
      validationOf(doc).ok &&
      parsedTrainSettings(useTrainSettings.getState(), doc.training.epochs) !== null,
  }
}

/** The context, kept current in a component (each field a narrow subscription). */
export function useCommandContext(): CommandContext {
  const canUndo = useHistory((h) => h.pastStates.length > 0)
  const canRedo = useHistory((h) => h.futureStates.length > 0)
  const selected = useUi(hasSelection)
  const groupSelected = useUi((s) => s.selection.groupIds.size === 1)
  const hasClipboard = useUi((s) => s.clipboard !== null)
  const engineReady = useRun((s) => s.engine === 'connected')
  const runStatus = useRun((s) => s.status)
  const valid = useGraph((s) => validationOf(s.doc).ok)
  const docEpochs = useGraph((s) => s.doc.training.epochs)
  const settingsOk = useTrainSettings((s) => parsedTrainSettings(s, docEpochs) !== null)
  return {
    canUndo,
    canRedo,
    hasSelection: selected,
    groupSelected,
    hasClipboard,
    engineReady,
    runStatus,
    trainable: valid && settingsOk,
  }
}

/** Runs a command if it is enabled now; answers whether it ran. */
export function runCommand(id: CommandId): boolean {
  const command = COMMANDS[id]
  if (command.enabled && !command.enabled(commandContext())) return false
  command.run()
  return true
}
