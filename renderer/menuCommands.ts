import { useEffect } from 'react'
import type { MenuCommand, ShellBridge } from '../common/api'
import {
  autoLayout,
  copySelection,
  cutSelection,
  deleteSelection,
  duplicateSelection,
  paste,
  redoEdit,
  selectAll,
  undoEdit,
} from './commands'
import { newDocument, openDocument, save } from './documentCommands'
import { controlRun, startTraining } from './engine'
import { openHistory } from './history'
import { graphStore } from './store/graphStore'
import { useRun } from './store/runStore'
import { useUi } from './store/uiStore'

/** What each desktop menu item does: the same actions as the toolbar, the shortcuts and the dock. */
export const MENU_ACTIONS: Readonly<Record<MenuCommand, () => void>> = {
  new: newDocument,
  open: () => void openDocument(),
  save: () => void save(false),
  saveAs: () => void save(true),
  templates: () => {
    useUi.setState({ galleryOpen: true })
  },
  undo: undoEdit,
  redo: redoEdit,
  cut: cutSelection,
  copy: () => void copySelection(),
  paste,
  duplicate: duplicateSelection,
  selectAll,
  delete: deleteSelection,
  fitView: () => {
    useUi.setState((s) => ({ fitRequest: s.fitRequest + 1 }))
  },
  autoLayout,
  train: () => {
    const { doc } = graphStore.getState()
    void startTraining(doc, doc.training.epochs, undefined)
  },
  pauseResume: () =>
    void controlRun(useRun.getState().status === 'paused' ? 'train:resume' : 'train:pause'),
  stop: () => void controlRun('train:stop'),
  export: () => void openHistory(),
  runHistory: () => void openHistory(),
}

/** Runs the desktop menus' commands (only under Electron, whose preload exposes the shell). */
export function useMenuCommands(): void {
  useEffect(() => {
    const shell = (window as { latentStudioShell?: ShellBridge }).latentStudioShell
    return shell?.onMenuCommand((command) => {
      MENU_ACTIONS[command]()
    })
  }, [])
}
