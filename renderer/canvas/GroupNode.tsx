import { Handle, Position, type NodeProps } from '@xyflow/react'
import { memo } from 'react'
import { setGroupCollapsed } from '../commands'
import type { GroupNodeT } from './flowModel'
import './GroupNode.css'

/**
 * A group: a sub-model when it has a role, else a frame around its blocks (a stage of a bigger
 * model); collapsed, it stands for its blocks as one node.
 */
export const GroupNode = memo(function GroupNode({ id, data, selected }: NodeProps<GroupNodeT>) {
  return (
    <div
      className={`group-node role-${data.role ?? 'frame'}${selected ? ' selected' : ''}${data.collapsed ? ' collapsed' : ''}`}
      data-testid={`group-${id}`}
    >
      {data.collapsed && (
        <Handle type="target" id="in" position={Position.Top} aria-label={`${id} input`} />
      )}
      <div className="group-head">
        {data.role && <span className="group-role">{data.role}</span>}
        <span className="group-name">{data.name}</span>
        <button
          type="button"
          className="nodrag group-toggle"
          aria-label={`${data.collapsed ? 'Expand' : 'Collapse'} ${data.name}`}
          onClick={() => {
            setGroupCollapsed(id, !data.collapsed)
          }}
        >
          {data.collapsed ? '▸' : '▾'}
        </button>
      </div>
      {data.collapsed && (
        <div className="group-body">
          {data.blocks} blocks · {data.params.toLocaleString('en-US')} params
          {data.issues > 0 && <span className="block-issue"> · ⚠ {data.issues}</span>}
          {data.outputs && <div className="group-outputs">→ {data.outputs}</div>}
        </div>
      )}
      {data.collapsed && (
        <Handle type="source" id="out" position={Position.Bottom} aria-label={`${id} output`} />
      )}
    </div>
  )
})
