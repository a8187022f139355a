import { useMemo, useState } from 'react'
import { getBlock } from '../../common/graph/blocks'
import { groupTree } from '../../common/graph/groups'
import { ROLES } from '../../common/graph/schema'
import { useShapeText } from '../store/shapeText'
import { OptionField } from '../forms/OptionField'
import { ParamForm } from '../forms/ParamForm'
import { TrainingForm } from './TrainingForm'
import { RECIPE_SPECS, RECIPES } from '../../main/recipes/specs'
import {
  chooseRecipe,
  editMeta,
  editGroup,
  editParams,
  moveToGroup,
  renameBlock,
  setGroupCollapsed,
} from '../commands'
import { useValidation } from '../store/derived'
import { useGraph } from '../store/graphStore'
import { useUi } from '../store/uiStore'
import { PanelSection } from './PanelSection'
import './Inspector.css'

/** The selected block's or group's properties; the document's when nothing is selected. */
export function Inspector() {
  const selection = useUi((s) => s.selection)
  const [nodeId] = selection.nodeIds
  const [groupId] = selection.groupIds
  const count = selection.nodeIds.size + selection.groupIds.size
  return (
    <PanelSection id="inspector" title="Inspector" className="inspector">
      {count > 1 ? (
        <p className="muted">{count} items selected.</p>
      ) : nodeId !== undefined ? (
        <NodeInspector id={nodeId} />
      ) : groupId !== undefined ? (
        <GroupInspector id={groupId} />
      ) : (
        <DocumentInspector />
      )}
    </PanelSection>
  )
}

const NO_ROLE = '(none)'
const ROLE_CHOICES = [NO_ROLE, ...ROLES] as const

/** The group a group sits in: any group but itself and those inside it. */
function ParentField({ id }: { id: string }) {
  const doc = useGraph((s) => s.doc)
  const tree = useMemo(() => groupTree(doc), [doc])
  const parent = tree.parentOf(id)
  const choices = doc.groups.filter((g) => g.id !== id && !tree.ancestors(g.id).includes(id))
  return (
    <div className="field">
      <label htmlFor="group-parent">Inside</label>
      <select
        id="group-parent"
        value={parent ?? ''}
        onChange={(e) => {
          editGroup(id, { parent: e.target.value || undefined })
        }}
      >
        <option value="">(top level)</option>
        {choices.map((g) => (
          <option key={g.id} value={g.id}>
            {g.name}
          </option>
        ))}
      </select>
    </div>
  )
}

/** The block's id (its layer's name in exports), renamed on Enter or when the field loses focus. */
function IdField({ id }: { id: string }) {
  const [draft, setDraft] = useState(id)
  const [error, setError] = useState<string | null>(null)
  const apply = () => {
    setError(renameBlock(id, draft.trim()))
  }
  return (
    <div className="field">
      <label htmlFor="inspector-id">Id</label>
      <input
        id="inspector-id"
        type="text"
        value={draft}
        aria-invalid={error !== null}
        onChange={(e) => {
          setDraft(e.target.value)
        }}
        onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === 'Enter') apply()
          if (e.key === 'Escape') {
            setDraft(id)
            setError(null)
          }
        }}
      />
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  )
}

function NodeInspector({ id }: { id: string }) {
  const node = useGraph((s) => s.doc.nodes.find((n) => n.id === id))
  const groups = useGraph((s) => s.doc.groups)
  const nodes = useGraph((s) => s.doc.nodes)
  const report = useValidation()
  const shapeText = useShapeText()
  const denseIds = useMemo(() => nodes.filter((n) => n.kind === 'dense').map((n) => n.id), [nodes])
  if (!node) return null
  const block = getBlock(node.kind)
  if (!block) return <p className="field-error">Unknown block kind “{node.kind}”.</p>
  const shape = report.shapes[id]
  const issues = report.errors.filter((e) => e.nodeId === id)
  const count = report.report.params.get(id)
  const flops = report.report.flops.get(id)
  return (
    <div>
      <h3>
        {block.label} <code>{id}</code>
      </h3>
      <p className="muted">{block.description}</p>
      <dl className="facts">
        <dt>Output shape</dt>
        <dd>{shape ? shapeText(shape) : 'unknown'}</dd>
        <dt>Parameters</dt>
        <dd>{count ? (count.trainable + count.nonTrainable).toLocaleString('en-US') : '–'}</dd>
        <dt title="Estimated floating-point operations per example, forward pass">FLOPs</dt>
        <dd>{flops !== undefined ? flops.toLocaleString('en-US') : '–'}</dd>
      </dl>
      {issues.map((e, i) => (
        <p key={i} className="field-error" role="alert">
          {e.message}
        </p>
      ))}
      <IdField key={id} id={id} />
      <div className="field">
        <label htmlFor="inspector-group">Group</label>
        <select
          id="inspector-group"
          value={node.group ?? ''}
          onChange={(e) => {
            moveToGroup(id, e.target.value || undefined)
          }}
        >
          <option value="">(no group)</option>
          {groups.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
              {g.role ? ` (${g.role})` : ''}
            </option>
          ))}
        </select>
      </div>
      <ParamFormFor id={id} denseIds={denseIds} />
    </div>
  )
}

// Separate so the form re-renders only with this node's params.
function ParamFormFor({ id, denseIds }: { id: string; denseIds: readonly string[] }) {
  const node = useGraph((s) => s.doc.nodes.find((n) => n.id === id))
  const block = node && getBlock(node.kind)
  if (!node || !block) return null
  if (node.share !== undefined)
    return (
      <p className="muted">
        Shares the layer (and weights) of <code>{node.share}</code>.
      </p>
    )
  return (
    <ParamForm
      schema={block.params}
      owner={id}
      params={node.params}
      refOptions={denseIds.filter((d) => d !== id)}
      onChange={(params, field) => {
        editParams(id, params, field)
      }}
    />
  )
}

function GroupInspector({ id }: { id: string }) {
  const group = useGraph((s) => s.doc.groups.find((g) => g.id === id))
  const report = useValidation()
  if (!group) return null
  const plan = report.models.find((m) => m.id === id)
  return (
    <div>
      <h3>
        Group <code>{id}</code>
      </h3>
      <div className="field">
        <label htmlFor="group-name">Name</label>
        <input
          id="group-name"
          type="text"
          value={group.name}
          onChange={(e) => {
            if (e.target.value.trim()) editGroup(id, { name: e.target.value })
          }}
        />
      </div>
      <OptionField
        id="group-role"
        label="Role"
        value={group.role ?? NO_ROLE}
        options={ROLE_CHOICES}
        hint="a group with a role is a model; one without only frames its blocks"
        onChange={(role) => {
          editGroup(id, { role: role === NO_ROLE ? undefined : role })
        }}
      />
      <ParentField id={id} />
      <label className="check">
        <input
          type="checkbox"
          checked={group.collapsed}
          onChange={(e) => {
            setGroupCollapsed(id, e.target.checked)
          }}
        />
        Collapsed
      </label>
      {plan && (
        <dl className="facts">
          <dt>Inputs</dt>
          <dd>{plan.inputs.map((i) => i.nodeId).join(', ') || '–'}</dd>
          <dt>Outputs</dt>
          <dd>{plan.outputs.join(', ') || '–'}</dd>
        </dl>
      )}
    </div>
  )
}

function DocumentInspector() {
  const title = useGraph((s) => s.doc.meta.title)
  const description = useGraph((s) => s.doc.meta.description)
  const recipe = useGraph((s) => s.doc.training.recipe)
  return (
    <div>
      <p className="muted">Select a block or a group to edit it. The document:</p>
      <div className="field">
        <label htmlFor="doc-title">Title</label>
        <input
          id="doc-title"
          type="text"
          value={title}
          onChange={(e) => {
            editMeta({ title: e.target.value })
          }}
        />
      </div>
      <div className="field">
        <label htmlFor="doc-description">Description</label>
        <textarea
          id="doc-description"
          rows={3}
          value={description}
          onChange={(e) => {
            editMeta({ description: e.target.value })
          }}
        />
      </div>
      <OptionField
        id="doc-recipe"
        label="Recipe"
        value={recipe}
        options={RECIPES}
        onChange={chooseRecipe}
        hint={`${RECIPE_SPECS[recipe].description}; needs: ${RECIPE_SPECS[recipe].roles.join(', ')}`}
      />
      <TrainingForm />
    </div>
  )
}
