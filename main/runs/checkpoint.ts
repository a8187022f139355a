import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { initBackend } from '../engine/backend'
import { compileGraph, type CompiledGraph } from '../engine/compile'
import { err, ok, type Result } from '../graph/result'
import type { GraphDoc } from '../graph/schema'

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

/**
 * Saves the weights of every layer of a compiled graph (all its models at once, so tied and shared
 * layers that cross models come back linked): weights.json lists them, weights.bin holds the floats.
 */
export async function saveCheckpoint(compiled: CompiledGraph, dir: string): Promise<void> {
  const entries: Entry[] = []
  const chunks: Float32Array[] = []
  let offset = 0
  for (const layer of uniqueLayers(compiled)) {
    for (const w of layer.getWeights()) {
      const data = (await w.data()) as Float32Array
      entries.push({ layer: layer.name, shape: w.shape, offset })
      chunks.push(data)
      offset += data.length
    }
  }
  const all = new Float32Array(offset)
  let at = 0
  for (const c of chunks) {
    all.set(c, at)
    at += c.length
  }
  await mkdir(dir, { recursive: true })
  await writeFile(join(dir, DATA), new Uint8Array(all.buffer))
  await writeFile(join(dir, MANIFEST), JSON.stringify({ format: 'latent-studio.weights', entries }))
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
    entries = (JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')) as { entries: Entry[] })
      .entries
    const bytes = await readFile(join(dir, DATA))
    all = new Float32Array(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    )
  } catch (e) {
    return err(`the run's checkpoint cannot be read: ${e instanceof Error ? e.message : String(e)}`)
  }
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
