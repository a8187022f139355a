import { Handle, Position, type NodeProps } from '@xyflow/react'
import { memo } from 'react'
import type { BlockNodeT } from './flowModel'
import { compact } from '../panels/summary'
import './BlockNode.css'

/** One block on the canvas, drawn from its definition: kind, key params, output shape, problems. */
export const BlockNode = memo(function BlockNode({ id, data, selected }: NodeProps<BlockNodeT>) {
  const invalid = data.issues.length > 0
  const n = data.inputs.length
  return (
    <div
      className={`block-node cat-${data.category}${selected ? ' selected' : ''}${invalid ? ' invalid' : ''}`}
      title={invalid ? data.issues.join('\n') : undefined}
      data-testid={`node-${id}`}
    >
      {data.inputs.map((h, i) => (
        <Handle
          key={h.id}
          id={h.id}
          type="target"
          position={Position.Top}
          style={{ left: `${((i + 1) * 100) / (n + 1)}%` }}
          title={h.label}
          aria-label={`${id} input ${h.label}`}
        />
      ))}
      <div className="block-head">
        <span className="block-kind">{data.label}</span>
        <span className="block-id">{id}</span>
      </div>
      <div className="block-detail">
        <span className="block-params-detail">{data.detail}</span>
        {data.cost && data.cost.params > 0 && (
          <span
            className="block-params"
            data-testid={`params-${id}`}
            title={`${data.cost.params.toLocaleString('en-US')} parameters, about ${data.cost.flops.toLocaleString('en-US')} FLOPs per example`}
          >
            {compact(data.cost.params)}
          </span>
        )}
      </div>
      <div className="block-shape">
        {invalid ? <span className="block-issue">⚠ {data.issues[0]}</span> : (data.shape ?? '…')}
      </div>
      <Handle type="source" id="out" position={Position.Bottom} aria-label={`${id} output`} />
    </div>
  )
})
