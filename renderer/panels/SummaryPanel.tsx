import { useMemo } from 'react'
import { useValidation } from '../store/derived'
import { useShapeText } from '../store/shapeText'
import { PanelSection } from './PanelSection'
import { compact, summarize } from './summary'
import './SummaryPanel.css'

const fmt = (n: number) => n.toLocaleString('en-US')
/** Heights of the summary's title and of one model's totals row (SummaryPanel.css), in CSS pixels. */
const SUMMARY_HEAD = 36
const TOTAL_ROW = 22

/**
 * Per model (role): its total parameters and estimated FLOPs per example, always in view, and its
 * layers with output shapes, parameter counts and FLOPs, live as the graph changes.
 */
export function SummaryPanel() {
  const report = useValidation()
  const models = useMemo(() => summarize(report), [report])
  const shapeText = useShapeText()
  const totals = (
    <ul className="summary-totals" aria-label="Model totals">
      {models.map((m) => (
        <li
          key={m.id}
          title={`${m.name}: ${fmt(m.total)} parameters (${fmt(m.trainable)} trainable), about ${fmt(m.flops)} FLOPs per example`}
        >
          <span className={`summary-name role-${m.role}`}>{m.name}</span>
          <span className="num" data-testid={`total-${m.id}`}>
            {fmt(m.total)}
          </span>
          <span className="summary-unit">params</span>
          <span className="num muted">{compact(m.flops)}</span>
          <span className="summary-unit">FLOPs</span>
        </li>
      ))}
    </ul>
  )
  return (
    <PanelSection
      id="summary"
      title="Model summary"
      className="summary"
      pinned={totals}
      minHeight={SUMMARY_HEAD + TOTAL_ROW * Math.max(1, models.length) + 60}
    >
      {models.length === 0 && <p className="muted">Add blocks to see the models they make.</p>}
      {models.map((m) => (
        <table key={m.id} aria-label={`Summary of ${m.name}`}>
          <caption>
            {m.name} <span className={`role-tag role-${m.role}`}>{m.role}</span>
          </caption>
          <thead>
            <tr>
              <th scope="col">Layer (type)</th>
              <th scope="col">Output shape</th>
              <th scope="col">Params</th>
              <th scope="col" title="Estimated floating-point operations per example">
                FLOPs
              </th>
            </tr>
          </thead>
          <tbody>
            {m.rows.map((r) => (
              <tr key={r.id}>
                <td title={`${r.id} (${r.kind})`}>
                  {r.id} <span className="muted">({r.kind})</span>
                </td>
                <td>{r.shape ? shapeText(r.shape) : '?'}</td>
                <td className="num">{fmt(r.params)}</td>
                <td className="num" title={fmt(r.flops)}>
                  {compact(r.flops)}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td colSpan={2}>
                Total: {fmt(m.total)} (trainable {fmt(m.trainable)})
              </td>
              <td className="num">{fmt(m.total)}</td>
              <td className="num">{compact(m.flops)}</td>
            </tr>
          </tfoot>
        </table>
      ))}
    </PanelSection>
  )
}
