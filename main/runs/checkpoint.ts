import { mkdir, readdir, readFile, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { initBackend } from '../tfjs/backend'
import { compileGraph, type CompiledGraph } from '../tfjs/compile'
import { writeAtomic } from '../documents/documents'
import { err, ok, type Result } from '../../common/graph/result'
import type { EpochState } from '../train/loop'
import {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  parseManifest,
  type CheckpointManifest,
  type WeightEntry,
} from './trainingState'
import type { GraphDoc } from '../../common/graph/schema'

type Entry = WeightEntry

/** The manifest's name (kept from version 1, which named only weights). */
const MANIFEST = 'weights.json'

/** Each built layer once (shared nodes map to their original's layer). */
export const uniqueLayers = (compiled: CompiledGraph) => [...new Set(compiled.layers.values())]

/** A copy of every layer's weights, taken at one moment (training may go on meanwhile). */
export interface WeightsSnapshot {
  readonly entries: readonly Entry[]
  readonly data: Float32Array
  /** Each trainable variable's name → `<layer>/<index of its weight>`. */
  readonly variables: Readonly<Record<string, string>>
}

/** Where a training was when its checkpoint was taken, and its optimizers' state. */
export interface CheckpointState extends EpochState {
  readonly phase: { readonly index: number; readonly name: string }
  readonly seed: number | null
}

/**
 * Copies the weights of every layer of a compiled graph at one moment: the copies are taken at
 * once, then read back (asynchronously: a GPU backend has no synchronous read), so training may
 * go on while they are read.
 */
export async function snapshotWeights(compiled: CompiledGraph): Promise<WeightsSnapshot> {
  const entries: Entry[] = []
  const copies: tf.Tensor[] = []
  const variables: Record<string, string> = {}
  let offset = 0
  for (const layer of uniqueLayers(compiled)) {
    layer.weights.forEach((w, i) => (variables[w.name] = `${layer.name}/${i}`))
    for (const w of layer.getWeights()) {
      entries.push({ layer: layer.name, shape: w.shape, offset })
      copies.push(tf.clone(w))
      offset += w.size
    }
  }
  try {
    const chunks = await Promise.all(copies.map(async (c) => (await c.data()) as Float32Array))
    return { entries, data: concat(chunks), variables }
  } finally {
    tf.dispose(copies)
  }
}

function concat(chunks: readonly Float32Array[]): Float32Array {
  const data = new Float32Array(chunks.reduce((n, c) => n + c.length, 0))
  let at = 0
  for (const c of chunks) {
    data.set(c, at)
    at += c.length
  }
  return data
}

/** The checkpoint's manifest and float file: the weights, then each optimizer's tensors. */
function checkpointFiles(
  snapshot: WeightsSnapshot,
  state: CheckpointState | null,
  data: string,
): { manifest: CheckpointManifest; floats: Float32Array } {
  let offset = snapshot.data.length
  const chunks = [snapshot.data]
  const optimizers = (state?.optimizers ?? []).map((tensors) => ({
    tensors: tensors.map((t) => {
      const entry = { name: t.name, shape: [...t.shape], offset }
      chunks.push(t.data)
      offset += t.data.length
      return entry
    }),
  }))
  return {
    manifest: {
      format: CHECKPOINT_FORMAT,
      version: CHECKPOINT_VERSION,
      data,
      weights: snapshot.entries.map((e) => ({ ...e, shape: [...e.shape] })),
      optimizers,
      variables: { ...snapshot.variables },
      phase: state?.phase ?? { index: 0, name: 'train' },
      epoch: state?.epoch ?? 0,
      step: state?.step ?? 0,
      seed: state?.seed ?? null,
      previewMs: state?.previewMs ?? 0,
    },
    floats: concat(chunks),
  }
}

/**
 * Writes a snapshot so that a crash at any moment leaves a whole checkpoint, the previous or the
 * new one: the floats go to a new file (atomically), then the manifest naming it is replaced
 * (atomically: that is the commit), then older float files are removed.
 */
export async function writeSnapshot(
  snapshot: WeightsSnapshot,
  dir: string,
  state: CheckpointState | null = null,
): Promise<void> {
  await mkdir(dir, { recursive: true })
  const data = `weights-${Date.now().toString(36)}-${process.pid.toString(36)}.bin`
  const { manifest, floats } = checkpointFiles(snapshot, state, data)
  await writeAtomic(join(dir, data), new Uint8Array(floats.buffer))
  await writeAtomic(join(dir, MANIFEST), JSON.stringify(manifest))
  for (const f of await readdir(dir))
    if (f.endsWith('.bin') && f !== data) await unlink(join(dir, f)).catch(() => undefined)
}

/**
 * Saves the weights of every layer of a compiled graph (all its models at once, so tied and shared
 * layers that cross models come back linked): weights.json lists them and names the float file.
 */
export async function saveCheckpoint(
  compiled: CompiledGraph,
  dir: string,
  state: CheckpointState | null = null,
): Promise<void> {
  return writeSnapshot(await snapshotWeights(compiled), dir, state)
}

/** A checkpoint's manifest (any version, brought up to the current one). */
export async function readManifest(dir: string): Promise<Result<CheckpointManifest>> {
  try {
    const parsed = parseManifest(JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')))
    return parsed.ok
      ? ok(parsed.value)
      : err(`the checkpoint's manifest is damaged: ${parsed.error}`)
  } catch (e) {
    return err(`the run's checkpoint cannot be read: ${e instanceof Error ? e.message : String(e)}`)
  }
}

/** Compiles the document again and loads a checkpoint's weights into it. */
export async function loadCheckpoint(doc: GraphDoc, dir: string): Promise<Result<CompiledGraph>> {
  // A fresh process (the CLI's export, a restarted engine) has no backend yet.
  const backend = await initBackend('auto')
  if (!backend.ok)
    return err(
      `no engine backend could start: ${backend.error.map((a) => `${a.name}: ${a.reason ?? ''}`).join('; ')}`,
    )
  const compiled = compileGraph(doc)
  if (!compiled.ok) return err(compiled.error.map((e) => e.message).join('; '))
  const loaded = await loadWeights(compiled.value, dir)
  return loaded.ok ? ok(compiled.value) : loaded
}

/** A checkpoint as read: its manifest and its float file (weights, then optimizers' tensors). */
export interface CheckpointData {
  readonly manifest: CheckpointManifest
  readonly floats: Float32Array
}

/** Reads a checkpoint's manifest and floats, checking the floats hold every tensor it names. */
export async function readCheckpoint(dir: string): Promise<Result<CheckpointData>> {
  const manifest = await readManifest(dir)
  if (!manifest.ok) return manifest
  let floats: Float32Array
  try {
    // The schema allows only a file name of this folder, never a path.
    const bytes = await readFile(join(dir, manifest.value.data))
    floats = new Float32Array(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    )
  } catch (e) {
    return err(`the checkpoint cannot be read: ${e instanceof Error ? e.message : String(e)}`)
  }
  const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1)
  const needed = [
    ...manifest.value.weights,
    ...manifest.value.optimizers.flatMap((o) => o.tensors),
  ].reduce((n, e) => Math.max(n, e.offset + size(e.shape)), 0)
  if (needed > floats.length)
    return err(`the checkpoint is damaged: it holds ${floats.length} floats of ${needed}`)
  return ok({ manifest: manifest.value, floats })
}

/** The saved weights of each layer, by layer name, as tensors' values and shapes. */
export function layerWeights(data: CheckpointData): Map<string, Entry[]> {
  const byLayer = new Map<string, Entry[]>()
  for (const e of data.manifest.weights) byLayer.set(e.layer, [...(byLayer.get(e.layer) ?? []), e])
  return byLayer
}

/** A saved tensor's values (a view into the checkpoint's floats). */
export const valuesOf = (data: CheckpointData, e: { offset: number; shape: readonly number[] }) =>
  data.floats.subarray(e.offset, e.offset + e.shape.reduce((a, b) => a * b, 1))

/**
 * Sets every layer of a compiled graph to a checkpoint's weights (its optimizer state is not
 * read), or says which layer does not fit and changes nothing.
 */
export async function loadWeights(compiled: CompiledGraph, dir: string): Promise<Result<void>> {
  const data = await readCheckpoint(dir)
  if (!data.ok) return data
  const byLayer = layerWeights(data.value)
  const layers = uniqueLayers(compiled)
  for (const layer of layers) {
    const saved = byLayer.get(layer.name) ?? []
    const current = layer.weights
    if (saved.length !== current.length)
      return err(
        `the checkpoint does not fit the graph: layer ${layer.name} has ${current.length} weights, the checkpoint ${saved.length}`,
      )
    const misfit = saved.findIndex((e, i) => e.shape.join(',') !== current[i]?.shape.join(','))
    if (misfit >= 0)
      return err(
        `the checkpoint does not fit the graph: layer ${layer.name}'s weight ${misfit} is [${current[misfit]?.shape.join(',') ?? ''}], the checkpoint's [${saved[misfit]?.shape.join(',') ?? ''}]`,
      )
  }
  for (const layer of layers) {
    const tensors = (byLayer.get(layer.name) ?? []).map((e) =>
      tf.tensor(valuesOf(data.value, e), [...e.shape]),
    )
    layer.setWeights(tensors)
    tf.dispose(tensors)
  }
  return ok(undefined)
}
