import { useEffect, useRef } from 'react'
import { chordText, commandSpec, type CommandId } from '../../common/commands'
import { runCommand, useCommandContext, COMMANDS } from '../commandTable'
import { setGroupCollapsed } from '../commands'
import { isMac } from '../shortcuts'
import { useGraph } from '../store/graphStore'
import { useUi, type ContextTarget } from '../store/uiStore'
import { usePressOutside } from './usePressOutside'
import './ContextMenu.css'

/** The commands each kind of thing offers on a right click, in menu order (null: a separator). */
const ITEMS: Record<ContextTarget['kind'], readonly (CommandId | null)[]> = {
  pane: ['paste', 'selectAll', null, 'autoLayout', 'fitView', 'toggleMinimap', 'toggleShapeStyle'],
  block: ['cut', 'copy', 'duplicate', 'delete', null, 'group'],
  group: ['copy', 'duplicate', 'delete', null, 'group', 'ungroup'],
  edge: ['delete'],
  selection: ['cut', 'copy', 'duplicate', 'delete', null, 'group'],
}

const close = () => {
  useUi.setState({ contextMenu: null })
}

/** The canvas's context menu, at the pointer: the commands that apply to what was clicked. */
export function ContextMenu() {
  const menu = useUi((s) => s.contextMenu)
  const context = useCommandContext()
  const group = useGraph((s) =>
    menu?.kind === 'group' ? s.doc.groups.find((g) => g.id === menu.id) : undefined,
  )
  const box = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (menu) box.current?.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus()
  }, [menu])
  usePressOutside(box, menu !== null, close)
  if (!menu) return null
  return (
    <div
      ref={box}
      className="context-menu"
      role="menu"
      aria-label={`${menu.kind} menu`}
      style={{ left: menu.x, top: menu.y }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') close()
      }}
    >
      {group && (
        <>
          <button
            type="button"
            role="menuitem"
            onClick={() => {
              close()
              setGroupCollapsed(group.id, !group.collapsed)
            }}
          >
            {group.collapsed ? 'Expand' : 'Collapse'}
          </button>
          <hr />
        </>
      )}
      {ITEMS[menu.kind].map((id, i) => {
        if (id === null) return <hr key={`sep-${String(i)}`} />
        const spec = commandSpec(id)
        const chord = spec.chords[0]
        const enabled = COMMANDS[id].enabled?.(context) ?? true
        return (
          <button
            key={id}
            type="button"
            role="menuitem"
            disabled={!enabled}
            onClick={() => {
              close()
              runCommand(id)
            }}
          >
            <span>{spec.label}</span>
            {chord && <kbd>{chordText(chord, isMac())}</kbd>}
          </button>
        )
      })}
    </div>
  )
}
