import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react'
import { memo } from 'react'
import type { FlowEdge } from './flowModel'
import './ShapeEdge.css'

/** An edge labelled with the shape of the tensor that flows along it. */
export const ShapeEdge = memo(function ShapeEdge(props: EdgeProps<FlowEdge>) {
  const [path, labelX, labelY] = getBezierPath(props)
  return (
    <>
      <BaseEdge
        id={props.id}
        path={path}
        {...(props.markerEnd ? { markerEnd: props.markerEnd } : {})}
      />
      {props.data?.shape && (
        <EdgeLabelRenderer>
          <div
            className={`edge-shape${props.selected ? ' selected' : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          >
            {props.data.shape}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  )
})
