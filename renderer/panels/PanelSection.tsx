import type { ReactNode } from 'react'
import { togglePanel, usePrefs, type PanelId } from '../store/prefsStore'

interface Props {
  readonly id: PanelId
  readonly title: string
  readonly className: string
  /** Beside the title (a count). */
  readonly badge?: ReactNode
  /** Shown under the title even while the panel is folded (the models' totals). */
  readonly pinned?: ReactNode
  /** The least height it keeps while unfolded (what `pinned` needs), in CSS pixels. */
  readonly minHeight?: number
  readonly children: ReactNode
}

/** A side panel with a title that folds it away; whether it is folded is remembered. */
export function PanelSection({ id, title, className, badge, pinned, minHeight, children }: Props) {
  const collapsed = usePrefs((s) => s.collapsed[id])
  return (
    <section
      className={`panel ${className}${collapsed ? ' panel-collapsed' : ''}`}
      aria-label={title}
      style={!collapsed && minHeight !== undefined ? { minHeight } : undefined}
    >
      <h2>
        <button
          type="button"
          className="panel-toggle"
          aria-expanded={!collapsed}
          title={
            collapsed ? `Show the ${title.toLowerCase()}` : `Fold the ${title.toLowerCase()} away`
          }
          onClick={() => {
            togglePanel(id)
          }}
        >
          <span aria-hidden="true">{collapsed ? '▸' : '▾'}</span> {title}
        </button>
        {badge}
      </h2>
      {pinned}
      {!collapsed && <div className="panel-body">{children}</div>}
    </section>
  )
}
