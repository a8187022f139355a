import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { DenseTranspose, linkTiedLayers } from '../layers'
import { columnStepInputs } from './stepInputs'

const MODEL_JSON = 'model.json'
const WEIGHTS_BIN = 'weights.bin'

interface ModelJson {
  modelTopology: tf.io.ModelArtifacts['modelTopology']
  format?: string
  generatedBy?: string
  convertedBy?: string | null
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[]
}

const toBytes = (data: tf.io.ModelArtifacts['weightData']): Uint8Array => {
  if (!data) return new Uint8Array()
  const buffers = Array.isArray(data) ? data : [data]
  return new Uint8Array(tf.io.CompositeArrayBuffer.join(buffers))
}

/** The input layers of a model.json topology (the parts read here). */
interface InputLayerJson {
  class_name: string
  config: { name?: string; batch_input_shape?: (number | null)[] }
}

/** Declares the named input layers of a saved topology as [batch, 1] (see columnStepInputs). */
function widenInputs(topology: tf.io.ModelArtifacts['modelTopology'], names: Set<string>): void {
  const config = (topology as { config?: { layers?: InputLayerJson[] } } | undefined)?.config
  for (const l of config?.layers ?? []) {
    const shape = l.config.batch_input_shape
    if (l.class_name === 'InputLayer' && shape?.length === 1 && names.has(l.config.name ?? ''))
      l.config.batch_input_shape = [...shape, 1]
  }
}

/**
 * Saves a model in the TensorFlow.js layers format (model.json + weights.bin) into a folder, as
 * any TensorFlow.js can load it: a DenseTranspose tied to a layer of another model carries a copy
 * of that kernel (a decoder loads without its encoder), and scalar step inputs take [batch, 1]
 * (see columnStepInputs). tfjs's own file:// handler ships only with tfjs-node, so this is our IO
 * handler.
 */
export async function saveModel(model: tf.LayersModel, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true })
  // The tied layer is a Dense layer of that name (the decoder's input layer may share the name).
  const dense = new Set(model.layers.filter((l) => l.getClassName() === 'Dense').map((l) => l.name))
  for (const l of model.layers)
    if (l instanceof DenseTranspose && !dense.has(l.tiedName)) l.shipKernel()
  const columns = columnStepInputs(model)
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      widenInputs(artifacts.modelTopology, columns)
      const json: ModelJson = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: null,
        weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
      }
      const weights = toBytes(artifacts.weightData)
      await writeFile(join(dir, MODEL_JSON), JSON.stringify(json))
      await writeFile(join(dir, WEIGHTS_BIN), weights)
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          weightDataBytes: weights.byteLength,
        },
      }
    }),
  )
}

/** Loads a model saved by saveModel (or any single-shard tfjs layers model); tied layers are relinked. */
export async function loadModel(dir: string): Promise<tf.LayersModel> {
  const json = JSON.parse(await readFile(join(dir, MODEL_JSON), 'utf8')) as ModelJson
  const shards = json.weightsManifest.flatMap((g) => g.paths)
  const buffers = await Promise.all(
    shards.map(async (p) => new Uint8Array(await readFile(join(dir, p)))),
  )
  const weightData = tf.io.CompositeArrayBuffer.join(
    buffers.map((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)),
  )
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
      weightData,
    }),
  )
  linkTiedLayers(model.layers)
  return model
}
