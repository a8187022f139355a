import { getBezierPath, useReactFlow, type ConnectionLineComponentProps } from '@xyflow/react'
import { createPortal } from 'react-dom'
import { connectionRefusal } from '../commands'
import type { FlowNode } from './flowModel'
import './ConnectionPreview.css'

/**
 * The line drawn while the user drags a connection: red over a handle that refuses it, with the
 * reason beside the pointer ("that input is already connected", a shape Conv2D cannot take, …).
 */
export function ConnectionPreview({
  fromX,
  fromY,
  toX,
  toY,
  fromPosition,
  toPosition,
  fromNode,
  fromHandle,
  toNode,
  toHandle,
  connectionStatus,
}: ConnectionLineComponentProps<FlowNode>) {
  const flow = useReactFlow()
  const [path] = getBezierPath({
    sourceX: fromX,
    sourceY: fromY,
    sourcePosition: fromPosition,
    targetX: toX,
    targetY: toY,
    targetPosition: toPosition,
  })
  // A drag may start at either end: from an output to an input, or back from an input.
  const reason =
    toNode && toHandle
      ? fromHandle.type === 'source'
        ? connectionRefusal({
            source: fromNode.id,
            target: toNode.id,
            targetHandle: toHandle.id ?? 'in',
          })
        : connectionRefusal({
            source: toNode.id,
            target: fromNode.id,
            targetHandle: fromHandle.id ?? 'in',
          })
      : null
  const refused = reason !== null || connectionStatus === 'invalid'
  return (
    <g className={`connection-preview${refused ? ' refused' : ''}`}>
      <path d={path} fill="none" />
      {reason !== null &&
        // Above the canvas's layers, up and right of the pointer: the block under it stays visible.
        createPortal(
          <div
            className="connection-reason"
            role="status"
            style={(() => {
              const at = flow.flowToScreenPosition({ x: toX, y: toY })
              return { left: at.x + 16, top: at.y - 16 }
            })()}
          >
            {reason}
          </div>,
          document.body,
        )}
    </g>
  )
}
