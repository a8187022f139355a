import { useMemo } from 'react'
import { useValidation } from '../store/derived'
import { summarize } from './summary'
import './SummaryPanel.css'

const fmt = (n: number) => n.toLocaleString('en-US')

/** Per model (role), its layers, output shapes and parameter counts, live as the graph changes. */
export function SummaryPanel() {
  const report = useValidation()
  const models = useMemo(() => summarize(report), [report])
  return (
    <section className="summary" aria-label="Model summary">
      <h2>Model summary</h2>
      {models.length === 0 && <p className="muted">Add blocks to see the models they make.</p>}
      {models.map((m) => (
        <table key={m.id} aria-label={`Summary of ${m.name}`}>
          <caption>
            {m.name} <span className={`role-tag role-${m.role}`}>{m.role}</span>
          </caption>
          <thead>
            <tr>
              <th scope="col">Layer</th>
              <th scope="col">Kind</th>
              <th scope="col">Output shape</th>
              <th scope="col">Params</th>
            </tr>
          </thead>
          <tbody>
            {m.rows.map((r) => (
              <tr key={r.id}>
                <td title={r.id}>{r.id}</td>
                <td>{r.kind}</td>
                <td>{r.shape}</td>
                <td className="num">{fmt(r.params)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td colSpan={3}>
                Total params: {fmt(m.total)} (trainable {fmt(m.trainable)})
              </td>
              <td className="num" data-testid={`total-${m.id}`}>
                {fmt(m.total)}
              </td>
            </tr>
          </tfoot>
        </table>
      ))}
    </section>
  )
}
