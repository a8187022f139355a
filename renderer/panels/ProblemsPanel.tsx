import { useValidation } from '../store/derived'
import { focusNode, select } from '../store/uiStore'
import { PanelSection } from './PanelSection'
import './ProblemsPanel.css'

/** Every validation problem; clicking one selects its block and brings it into view. */
export function ProblemsPanel() {
  const { errors } = useValidation()
  return (
    <PanelSection
      id="problems"
      title="Problems"
      className="problems"
      badge={<span className="badge">{errors.length}</span>}
    >
      {errors.length === 0 ? (
        <p className="ok-text">No problems: the graph is ready to train.</p>
      ) : (
        <ul>
          {errors.map((e, i) => (
            <li key={i}>
              {e.nodeId !== null ? (
                <button
                  type="button"
                  className="problem"
                  onClick={() => {
                    const id = e.nodeId
                    if (id === null) return
                    select({ nodeIds: new Set([id]) })
                    focusNode(id)
                  }}
                >
                  <code>{e.nodeId}</code> {e.message}
                </button>
              ) : (
                <span className="problem">{e.message}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </PanelSection>
  )
}
