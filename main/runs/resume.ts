import * as tf from '@tensorflow/tfjs'
import { err, ok, type Result } from '../../common/graph/result'
import type { CompiledGraph } from '../tfjs/compile'
import type { RecipeSession } from '../train/recipe'
import type { SavedTensor } from '../train/loop'
import {
  layerWeights,
  readCheckpoint,
  uniqueLayers,
  valuesOf,
  type CheckpointData,
} from './checkpoint'

/**
 * Where continuing a run starts: its checkpoint's weights (loaded from `dir`), the phase and the
 * epochs and steps done in it, and the phase's optimizers' state with each variable named in the
 * stable form `<layer>/<index of its weight>` (variable names differ from process to process).
 */
export interface ResumePoint {
  readonly dir: string
  readonly phase: number
  readonly phaseName: string
  readonly epoch: number
  readonly step: number
  readonly optimizers: readonly (readonly SavedTensor[])[]
}

/**
 * A saved optimizer tensor's name with its variable's process name replaced by the stable one
 * (`dense_1/kernel_3/m` → `dense_1/0/m`), through `names` (process name → stable name).
 */
function renamed(name: string, names: ReadonlyMap<string, string>): string {
  // The longest variable name that the tensor's name extends (`<variable>/<slot>`).
  let best = ''
  for (const v of names.keys()) if (name.startsWith(`${v}/`) && v.length > best.length) best = v
  return best ? `${names.get(best) ?? best}${name.slice(best.length)}` : name
}

/** The resume point a checkpoint holds (its optimizers' state in stable names). */
export async function readResumePoint(dir: string): Promise<Result<ResumePoint>> {
  const data = await readCheckpoint(dir)
  if (!data.ok) return data
  const { manifest } = data.value
  const names = new Map(Object.entries(manifest.variables))
  return ok({
    dir,
    phase: manifest.phase.index,
    phaseName: manifest.phase.name,
    epoch: manifest.epoch,
    step: manifest.step,
    optimizers: manifest.optimizers.map((o) =>
      o.tensors.map((t) => ({
        name: renamed(t.name, names),
        shape: t.shape,
        data: Float32Array.from(valuesOf(data.value, t)),
      })),
    ),
  })
}

/**
 * Gives a session's optimizers the state a resume point saved (slots renamed to this process's
 * variables), so that training goes on as if it had never stopped. A checkpoint without optimizer
 * state (an old one) leaves them fresh.
 */
export async function restoreOptimizers(
  session: RecipeSession,
  compiled: CompiledGraph,
  saved: ResumePoint['optimizers'],
): Promise<Result<void>> {
  if (!saved.length) return ok(undefined)
  if (saved.length !== session.optimizers.length)
    return err(
      `the checkpoint has ${saved.length} optimizer(s), the recipe ${session.optimizers.length}`,
    )
  const names = new Map<string, string>()
  for (const layer of uniqueLayers(compiled))
    layer.weights.forEach((w, i) => names.set(`${layer.name}/${String(i)}`, w.name))
  for (const [i, opt] of session.optimizers.entries()) {
    const tensors = (saved[i] ?? []).map((t) => ({
      name: renamed(t.name, names),
      tensor: tf.tensor(t.data, [...t.shape]),
    }))
    try {
      await opt.setWeights(tensors)
    } catch (e) {
      return err(
        `the checkpoint's optimizer state does not fit: ${e instanceof Error ? e.message : String(e)}`,
      )
    } finally {
      tf.dispose(tensors.map((t) => t.tensor))
    }
  }
  return ok(undefined)
}

/** Which layers took a past run's weights and which were left as initialized, and why. */
export interface InitReport {
  readonly taken: readonly string[]
  readonly fresh: readonly { readonly layer: string; readonly why: string }[]
}

/**
 * Starts a compiled graph from a past run's weights, layer by layer: a layer takes the checkpoint's
 * weights of the layer of the same name when every shape matches; any other layer keeps its
 * initializers. Layers without weights are not counted.
 */
export async function loadMatchingWeights(
  compiled: CompiledGraph,
  dir: string,
): Promise<Result<InitReport>> {
  const data = await readCheckpoint(dir)
  if (!data.ok) return data
  return ok(setMatching(compiled, data.value))
}

function setMatching(compiled: CompiledGraph, data: CheckpointData): InitReport {
  const saved = layerWeights(data)
  const taken: string[] = []
  const fresh: { layer: string; why: string }[] = []
  const fmt = (shape: readonly (number | null)[]) => `[${shape.join(',')}]`
  for (const layer of uniqueLayers(compiled)) {
    const current = layer.weights
    if (!current.length) continue
    const theirs = saved.get(layer.name)
    if (!theirs) {
      fresh.push({ layer: layer.name, why: 'not in the run' })
      continue
    }
    const misfit = current.findIndex(
      (w, i) => fmt(w.shape) !== fmt(theirs[i]?.shape ?? []) || theirs.length !== current.length,
    )
    if (misfit >= 0) {
      fresh.push({
        layer: layer.name,
        why: `${fmt(current[misfit]?.shape ?? [])} here, ${fmt(theirs[misfit]?.shape ?? [])} in the run`,
      })
      continue
    }
    const tensors = theirs.map((e) => tf.tensor(valuesOf(data, e), [...e.shape]))
    layer.setWeights(tensors)
    tf.dispose(tensors)
    taken.push(layer.name)
  }
  return { taken, fresh }
}
