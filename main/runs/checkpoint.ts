import { mkdir, readdir, readFile, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { initBackend } from '../engine/backend'
import { compileGraph, type CompiledGraph } from '../engine/compile'
import { writeAtomic } from '../engine/documents'
import { err, ok, type Result } from '../../common/graph/result'
import type { GraphDoc } from '../../common/graph/schema'

interface Entry {
  readonly layer: string
  readonly shape: readonly number[]
  /** Offset in floats into weights.bin. */
  readonly offset: number
}

const MANIFEST = 'weights.json'
const DATA = 'weights.bin'

/** Each built layer once (shared nodes map to their original's layer). */
const uniqueLayers = (compiled: CompiledGraph) => [...new Set(compiled.layers.values())]

/** A copy of every layer's weights, taken at one moment (training may go on meanwhile). */
export interface WeightsSnapshot {
  readonly entries: readonly Entry[]
  readonly data: Float32Array
}

/** Copies the weights of every layer of a compiled graph, synchronously (a consistent moment). */
export function snapshotWeights(compiled: CompiledGraph): WeightsSnapshot {
  const entries: Entry[] = []
  const chunks: Float32Array[] = []
  let offset = 0
  for (const layer of uniqueLayers(compiled)) {
    for (const w of layer.getWeights()) {
      const data = w.dataSync() as Float32Array
      entries.push({ layer: layer.name, shape: w.shape, offset })
      chunks.push(data)
      offset += data.length
    }
  }
  const data = new Float32Array(offset)
  let at = 0
  for (const c of chunks) {
    data.set(c, at)
    at += c.length
  }
  return { entries, data }
}

/**
 * Writes a snapshot so that a crash at any moment leaves a whole checkpoint, the previous or the
 * new one: the floats go to a new file (atomically), then the manifest naming it is replaced
 * (atomically: that is the commit), then older float files are removed.
 */
export async function writeSnapshot(snapshot: WeightsSnapshot, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true })
  const data = `weights-${Date.now().toString(36)}-${process.pid.toString(36)}.bin`
  await writeAtomic(join(dir, data), new Uint8Array(snapshot.data.buffer))
  await writeAtomic(
    join(dir, MANIFEST),
    JSON.stringify({ format: 'latent-studio.weights', data, entries: snapshot.entries }),
  )
  for (const f of await readdir(dir))
    if (f.endsWith('.bin') && f !== data) await unlink(join(dir, f)).catch(() => undefined)
}

/**
 * Saves the weights of every layer of a compiled graph (all its models at once, so tied and shared
 * layers that cross models come back linked): weights.json lists them and names the float file.
 */
export function saveCheckpoint(compiled: CompiledGraph, dir: string): Promise<void> {
  return writeSnapshot(snapshotWeights(compiled), dir)
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
  let entries: Entry[]
  let all: Float32Array
  try {
    const manifest = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')) as {
      entries: Entry[]
      data?: string
    }
    entries = manifest.entries
    // Older checkpoints have one weights.bin; the name is a file of this folder, never a path.
    const name = manifest.data ?? DATA
    if (!/^[A-Za-z0-9._-]+\.bin$/.test(name)) throw new Error(`bad weights file name ${name}`)
    const bytes = await readFile(join(dir, name))
    all = new Float32Array(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    )
  } catch (e) {
    return err(`the run's checkpoint cannot be read: ${e instanceof Error ? e.message : String(e)}`)
  }
  const needed = entries.reduce(
    (n, e) => Math.max(n, e.offset + e.shape.reduce((a, b) => a * b, 1)),
    0,
  )
  if (needed > all.length)
    return err(`the run's checkpoint is damaged: it holds ${all.length} weights of ${needed}`)
  const byLayer = new Map<string, Entry[]>()
  for (const e of entries) byLayer.set(e.layer, [...(byLayer.get(e.layer) ?? []), e])
  for (const layer of uniqueLayers(compiled.value)) {
    const saved = byLayer.get(layer.name) ?? []
    const current = layer.getWeights()
    if (saved.length !== current.length)
      return err(
        `the checkpoint does not fit the graph: layer ${layer.name} has ${current.length} weights, the checkpoint ${saved.length}`,
      )
    const misfit = saved.findIndex((e, i) => e.shape.join(',') !== current[i]?.shape.join(','))
    if (misfit >= 0)
      return err(
        `the checkpoint does not fit the graph: layer ${layer.name}'s weight ${misfit} is [${current[misfit]?.shape.join(',') ?? ''}], the checkpoint's [${saved[misfit]?.shape.join(',') ?? ''}]`,
      )
    const tensors = saved.map((e) => {
      const size = e.shape.reduce((a, b) => a * b, 1)
      return tf.tensor(all.subarray(e.offset, e.offset + size), [...e.shape])
    })
    layer.setWeights(tensors)
    tf.dispose(tensors)
  }
  return ok(compiled.value)
}
