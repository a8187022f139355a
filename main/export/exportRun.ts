import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { saveModel } from '../tfjs/modelFiles'
import { ok, type Result } from '../../common/graph/result'
import type { Role } from '../../common/graph/schema'
import { loadCheckpoint } from '../runs/checkpoint'
import { disposeCompiled } from '../tfjs/compile'
import { finalPreviews, runDocument } from '../runs/records'
import { kerasScript } from './keras/kerasScript'
import { layerBlocks, toOnnx } from './onnx/toOnnx'
import { EXPORT_FORMATS, type ExportFormat } from '../../common/exportFormats'
import { exportReadme } from './readme'
import { loadModule } from './tfjs/loadModule'
import { describeModels } from './modelIo'

/** Roles whose models are used for inference, and so go to ONNX. */
const INFERENCE_ROLES: ReadonlySet<Role> = new Set([
  'encoder',
  'decoder',
  'generator',
  'denoiser',
  'classifier',
  'model',
])

export interface ExportReport {
  /** The export folder. */
  readonly dir: string
  /** Files written, relative to `dir`. */
  readonly files: readonly string[]
  /** What could not be exported, and why. */
  readonly skipped: readonly string[]
}

/**
 * Exports a recorded run into `<run>/export/`: TensorFlow.js models per group (tfjs/<group>/),
 * ONNX files for the inference models (onnx/<group>.onnx), a Keras script (keras/model.py) and
 * the final preview grids (previews/<name>.png), with a README on loading them.
 */
export async function exportRun(
  runDir: string,
  formats: readonly ExportFormat[] = EXPORT_FORMATS,
): Promise<Result<ExportReport>> {
  const doc = await runDocument(runDir)
  if (!doc.ok) return doc
  const needsModels = formats.includes('tfjs') || formats.includes('onnx')
  const compiled = needsModels ? await loadCheckpoint(doc.value, join(runDir, 'checkpoint')) : null
  if (compiled && !compiled.ok) return compiled
  const dir = join(runDir, 'export')
  await rm(dir, { recursive: true, force: true })
  const files: string[] = []
  const skipped: string[] = []
  const write = async (rel: string, data: Uint8Array | string) => {
    await mkdir(join(dir, rel, '..'), { recursive: true })
    await writeFile(join(dir, rel), data)
    files.push(rel)
  }
  const models = compiled?.value.models ?? []
  try {
    for (const m of models) {
      if (formats.includes('tfjs')) {
        await saveModel(m.model, join(dir, 'tfjs', m.plan.id))
        files.push(`tfjs/${m.plan.id}/model.json`, `tfjs/${m.plan.id}/weights.bin`)
      }
      if (formats.includes('onnx') && INFERENCE_ROLES.has(m.plan.role)) {
        const onnx = toOnnx(
          m.model,
          layerBlocks(doc.value),
          `${doc.value.meta.title}: ${m.plan.name} (${m.plan.role})`,
        )
        if (onnx.ok) await write(`onnx/${m.plan.id}.onnx`, onnx.value)
        else skipped.push(`onnx/${m.plan.id}.onnx: ${onnx.error}`)
      }
    }
    if (formats.includes('tfjs') && models.length)
      await write('tfjs/load.mjs', await loadModule(models.map((m) => m.plan.id)))
  } finally {
    if (compiled?.ok) disposeCompiled(compiled.value)
  }
  if (formats.includes('keras')) {
    const script = kerasScript(doc.value)
    if (script.ok) await write('keras/model.py', script.value)
    else skipped.push(`keras/model.py: ${script.error}`)
  }
  if (formats.includes('png'))
    for (const [name, png] of await finalPreviews(runDir)) await write(`previews/${name}.png`, png)
  await write('README.md', exportReadme(doc.value, describeModels(doc.value), files, skipped))
  return ok({ dir, files, skipped })
}
