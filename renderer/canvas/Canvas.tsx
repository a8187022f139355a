import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type IsValidConnection,
  type NodeChange,
  type OnConnectEnd,
} from '@xyflow/react'
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react'
import { addPaletteItem, connectionAllowed, finishDrag, tryConnect } from '../commands'
import type { XY } from '../document/edits'
import { useValidation } from '../store/derived'
import { useGraph } from '../store/graphStore'
import { select, useUi, type ContextTarget, type Selection } from '../store/uiStore'
import { PALETTE_MIME } from '../panels/Palette'
import { BlockNode } from './BlockNode'
import { ConnectionPreview } from './ConnectionPreview'
import { ContextMenu } from './ContextMenu'
import { BLOCK_HEIGHT, BLOCK_WIDTH, groupBoxes, groupTree } from '../../common/graph/groups'
import { openGroupAt } from '../document/placement'
import { QuickInsert } from './QuickInsert'
import { toFlow, type FlowEdge, type FlowNode } from './flowModel'
import { useShapeText } from '../store/shapeText'
import { GroupNode } from './GroupNode'
import { ShapeEdge } from './ShapeEdge'
import './Canvas.css'

// Module scope: React Flow re-creates every node when these objects change identity.
const nodeTypes = { block: BlockNode, modelGroup: GroupNode }
const edgeTypes = { shape: ShapeEdge }
const SNAP: [number, number] = [10, 10]
const MINIMAP_SIZE = { width: 150, height: 100 }
/** A change of the canvas's height that refits the view (smaller ones are scrollbars, borders). */
const REFIT_PX = 16
/** Fitting never zooms past 100%: a graph of one or two blocks stays at its natural size. */
const FIT = { duration: 200, maxZoom: 1 } as const

interface Size {
  readonly width: number
  readonly height: number
}

/** Opens the context menu for what was right-clicked, at the pointer. */
const openMenu = (
  kind: ContextTarget['kind'],
  id: string | null,
  e: { clientX: number; clientY: number },
) => {
  useUi.setState({ contextMenu: { kind, id, x: e.clientX, y: e.clientY } })
}

const attempt = (c: Connection | FlowEdge) => ({
  source: c.source,
  target: c.target,
  targetHandle: c.targetHandle ?? 'in',
})

const isValid: IsValidConnection<FlowEdge> = (c) => connectionAllowed(attempt(c))

/** Applies React Flow's selection changes to the selection store. */
function applySelection(
  sel: Selection,
  changes: readonly (NodeChange<FlowNode> | EdgeChange<FlowEdge>)[],
  groups: ReadonlySet<string>,
  edges: boolean,
): Selection {
  const nodeIds = new Set(sel.nodeIds)
  const groupIds = new Set(sel.groupIds)
  const edgeIds = new Set(sel.edgeIds)
  for (const c of changes) {
    if (c.type !== 'select') continue
    const set = edges ? edgeIds : groups.has(c.id) ? groupIds : nodeIds
    if (c.selected) set.add(c.id)
    else set.delete(c.id)
  }
  return { nodeIds, groupIds, edgeIds }
}

/** The graph canvas: blocks, groups and shape-labelled edges, driven by the graph store. */
export function Canvas() {
  const doc = useGraph((s) => s.doc)
  const report = useValidation()
  const selection = useUi((s) => s.selection)
  const dragging = useUi((s) => s.dragging)
  const focus = useUi((s) => s.focus)
  const flow = useReactFlow<FlowNode, FlowEdge>()
  const [measured, setMeasured] = useState<ReadonlyMap<string, Size>>(new Map())
  const shapeText = useShapeText()
  const { nodes, edges } = useMemo(
    () => toFlow(doc, report, selection, dragging, measured, shapeText),
    [doc, report, selection, dragging, measured, shapeText],
  )
  const groupIds = useMemo(() => new Set(doc.groups.map((g) => g.id)), [doc.groups])

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      const moved = new Map(useUi.getState().dragging)
      let dragEnded = false
      const boxes = groupBoxes(doc)
      const tree = groupTree(doc)
      const blockGroup = new Map(doc.nodes.map((n) => [n.id, n.group]))
      const parentOf = (id: string) =>
        tree.groups.has(id) ? tree.parentOf(id) : blockGroup.get(id)
      const sizes = changes.filter((c) => c.type === 'dimensions' && c.dimensions)
      if (sizes.length)
        setMeasured((m) => {
          const next = new Map(m)
          for (const c of sizes)
            if (c.type === 'dimensions' && c.dimensions) next.set(c.id, c.dimensions)
          return next
        })
      for (const c of changes) {
        if (c.type !== 'position') continue
        if (c.position) {
          // Blocks and groups in a group report positions relative to it; the document keeps
          // absolute ones.
          const parent = parentOf(c.id)
          const box = parent !== undefined ? boxes.get(parent) : undefined
          const p: XY = box ? { x: c.position.x + box.x, y: c.position.y + box.y } : c.position
          moved.set(c.id, p)
        }
        if (c.dragging === false) dragEnded = true
      }
      const patch: { dragging?: Map<string, XY>; selection?: Selection } = {}
      if (changes.some((c) => c.type === 'position' && c.position)) patch.dragging = moved
      if (changes.some((c) => c.type === 'select'))
        patch.selection = applySelection(useUi.getState().selection, changes, groupIds, false)
      if (patch.dragging || patch.selection) useUi.setState(patch)
      if (dragEnded) finishDrag()
    },
    [doc, groupIds],
  )
  const onEdgesChange = useCallback(
    (changes: EdgeChange<FlowEdge>[]) => {
      useUi.setState((s) => ({ selection: applySelection(s.selection, changes, groupIds, true) }))
    },
    [groupIds],
  )
  const onConnect = useCallback((c: Connection) => {
    tryConnect(attempt(c))
  }, [])
  // A connection dropped on empty canvas offers the blocks that would accept it, as ComfyUI does.
  const onConnectEnd = useCallback<OnConnectEnd>(
    (event, state) => {
      if (state.isValid || state.toNode || !state.fromNode) return
      if (state.fromNode.type !== 'block') return
      const onPane = event.target instanceof Element && event.target.closest('.react-flow__pane')
      if (!onPane) return
      const point = 'changedTouches' in event ? event.changedTouches.item(0) : event
      if (!point) return
      const screen = { x: point.clientX, y: point.clientY }
      useUi.setState({
        quickInsert: {
          from: {
            node: state.fromNode.id,
            handle: state.fromHandle.id ?? 'out',
            side: state.fromHandle.type,
          },
          screen,
          at: flow.screenToFlowPosition(screen),
        },
      })
    },
    [flow],
  )
  const onDragOver = useCallback((e: DragEvent) => {
    if (e.dataTransfer.types.includes(PALETTE_MIME)) {
      e.preventDefault()
      e.dataTransfer.dropEffect = 'copy'
    }
  }, [])
  const onDrop = useCallback(
    (e: DragEvent) => {
      const kind = e.dataTransfer.getData(PALETTE_MIME)
      if (!kind) return
      e.preventDefault()
      const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY })
      const at = { x: p.x - BLOCK_WIDTH / 2, y: p.y - BLOCK_HEIGHT / 2 }
      // Dropped on an expanded group: the block joins it.
      addPaletteItem(kind, at, openGroupAt(doc, p))
    },
    [flow, doc],
  )

  const fitRequest = useUi((s) => s.fitRequest)
  useEffect(() => {
    if (!fitRequest) return
    // After React Flow has measured the new nodes.
    // Never on an empty graph: React Flow would queue the fit and zoom onto the first block added.
    const t = setTimeout(() => {
      if (flow.getNodes().length) void flow.fitView(FIT)
    }, 150)
    return () => {
      clearTimeout(t)
    }
  }, [fitRequest, flow])

  // The canvas changing size (the Training dock opening, closing or growing a row, a side panel
  // folded or resized) refits the view when part of the graph would be out of sight, so nothing hides under
  // the dock; a graph still in full view keeps the user's zoom.
  const box = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const el = box.current
    if (!el) return
    let { width, height } = el.getBoundingClientRect()
    let timer: ReturnType<typeof setTimeout> | undefined
    const outOfSight = () => {
      const nodes = flow.getNodes().filter((n) => !n.hidden)
      if (!nodes.length) return false
      const b = flow.getNodesBounds(nodes.map((n) => n.id))
      const { x, y, zoom } = flow.getViewport()
      const r = el.getBoundingClientRect()
      const [left, top] = [-x / zoom, -y / zoom]
      const [right, bottom] = [left + r.width / zoom, top + r.height / zoom]
      return b.x < left || b.y < top || b.x + b.width > right || b.y + b.height > bottom
    }
    const observer = new ResizeObserver(([entry]) => {
      const h = entry?.contentRect.height ?? height
      const w = entry?.contentRect.width ?? width
      if (Math.abs(h - height) < REFIT_PX && Math.abs(w - width) < REFIT_PX) return
      height = h
      width = w
      clearTimeout(timer)
      timer = setTimeout(() => {
        if (outOfSight()) void flow.fitView(FIT)
      }, 120)
    })
    observer.observe(el)
    return () => {
      observer.disconnect()
      clearTimeout(timer)
    }
  }, [flow])

  const minimap = useUi((s) => s.minimap)

  useEffect(() => {
    if (!focus) return
    const node = flow.getInternalNode(focus.id)
    if (!node) return
    const { x, y } = node.internals.positionAbsolute
    void flow.setCenter(x + BLOCK_WIDTH / 2, y + BLOCK_HEIGHT / 2, {
      zoom: Math.max(flow.getZoom(), 1),
      duration: 300,
    })
  }, [focus, flow])

  return (
    <div
      ref={box}
      className="canvas"
      onDragOver={onDragOver}
      onDrop={onDrop}
      aria-label="Graph canvas"
    >
      <ReactFlow<FlowNode, FlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValid}
        connectionLineComponent={ConnectionPreview}
        onPaneContextMenu={(e) => {
          e.preventDefault()
          openMenu('pane', null, e)
        }}
        onNodeContextMenu={(e, node) => {
          e.preventDefault()
          const group = node.type === 'modelGroup'
          const sel = useUi.getState().selection
          // A right click on something outside the selection selects it first, as file managers do.
          if (!(group ? sel.groupIds : sel.nodeIds).has(node.id))
            select(group ? { groupIds: new Set([node.id]) } : { nodeIds: new Set([node.id]) })
          openMenu(group ? 'group' : 'block', node.id, e)
        }}
        onEdgeContextMenu={(e, edge) => {
          e.preventDefault()
          select({ edgeIds: new Set([edge.id]) })
          openMenu('edge', edge.id, e)
        }}
        onSelectionContextMenu={(e) => {
          e.preventDefault()
          openMenu('selection', null, e)
        }}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Meta', 'Control']}
        snapToGrid
        snapGrid={SNAP}
        minZoom={0.1}
        attributionPosition="top-right"
        colorMode="system"
      >
        <Background gap={20} />
        {minimap && (
          <MiniMap
            pannable
            zoomable
            ariaLabel="Minimap"
            style={MINIMAP_SIZE}
            position="bottom-right"
          />
        )}
        <Controls />
      </ReactFlow>
      <ContextMenu />
      <QuickInsert />
    </div>
  )
}
