import { Fragment } from 'react'
import { chordText, COMMAND_IDS, MENUS, type CommandId, commandSpec } from '../../common/commands'
import { COMMANDS, runCommand, useCommandContext } from '../commandTable'
import { openResult } from '../documentCommands'
import { readDocument, recentDocuments } from '../document/files'
import { useGraph } from '../store/graphStore'
import { isMac } from '../shortcuts'
import './Toolbar.css'

/** The toolbar's commands, grouped as the menus group them. */
const GROUPS: readonly (readonly CommandId[])[] = MENUS.map((menu) =>
  COMMAND_IDS.filter((id) => {
    const spec = commandSpec(id)
    return spec.toolbar && spec.menu?.name === menu
  }),
).filter((g) => g.length > 0)

/** A command's tooltip: its label and first shortcut. */
const tooltip = (id: CommandId): string => {
  const { label, chords } = commandSpec(id)
  const chord = chords[0]
  return chord ? `${label} (${chordText(chord, isMac())})` : label
}

/** The toolbar: a button for each command the command table puts there, then the recent files. */
export function Toolbar() {
  const title = useGraph((s) => s.doc.meta.title)
  const fileName = useGraph((s) => s.fileName)
  const dirty = useGraph((s) => s.doc !== s.savedDoc)
  const context = useCommandContext()
  return (
    <header className="toolbar" role="toolbar" aria-label="Document">
      <span className="app-name">Latent Studio</span>
      {GROUPS.map((group, i) => (
        <Fragment key={group.join()}>
          {i > 0 && <span className="sep" />}
          {group.map((id) => {
            const enabled = COMMANDS[id].enabled?.(context) ?? true
            return (
              <button
                key={id}
                type="button"
                disabled={!enabled}
                title={tooltip(id)}
                onClick={() => {
                  runCommand(id)
                }}
              >
                {commandSpec(id).label}
              </button>
            )
          })}
          {i === 0 && <RecentMenu />}
        </Fragment>
      ))}
      <span className="doc-title" aria-label="Document title">
        {title}
        {fileName && <span className="doc-file"> — {fileName}</span>}
        {dirty ? ' •' : ''}
      </span>
    </header>
  )
}

function RecentMenu() {
  const recent = recentDocuments()
  return (
    <select
      aria-label="Open recent"
      value=""
      disabled={!recent.length}
      onChange={(e) => {
        const entry = recent.find((r) => r.name === e.target.value)
        if (entry) openResult(readDocument(entry.name, entry.text))
      }}
    >
      <option value="">Recent…</option>
      {recent.map((r) => (
        <option key={r.name} value={r.name}>
          {r.name}
        </option>
      ))}
    </select>
  )
}
