import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { RECIPE_SPECS } from '../recipes/specs'
import { resolveDataset } from '../data/resolve'
import type { CompiledGraph, CompiledModel } from '../tfjs/compile'
import { disposeCompiled } from '../tfjs/compile'
import { runDocument } from './records'
import { inferShapes } from '../../common/graph/inferShapes'
import { err, ok, type Result } from '../../common/graph/result'
import type { GraphDoc, Role } from '../../common/graph/schema'
import { planRange, type PixelRange } from '../../common/graph/pixelRange'
import { imageBatch } from '../train/batches'
import { imageInputShape, runModel } from '../train/context'
import type { LatentProjection } from '../../common/events'
import { axisSweep, codingsAt, SWEEP } from '../train/latentMap'
import { imagesPreview } from '../train/previews'
import { loadCheckpoint } from './checkpoint'
import { tsneEmbedding, tsnePicture } from './tsneMap'

interface Loaded {
  readonly runDir: string
  readonly doc: GraphDoc
  readonly compiled: CompiledGraph
}

/** PNG bytes of one picture the explorer made. */
export interface Picture {
  readonly png: Uint8Array
  readonly width: number
  readonly height: number
}

const LATENT_MAP_SIZE = 200
/** Test images a t-SNE map embeds (exact t-SNE is O(n²) per iteration). */
const TSNE_IMAGES = 500

/**
 * Explores a trained run's latent space from its checkpoint: decodes any point of its latent map,
 * and interpolates between two test images. The last run explored stays loaded (hovering sends
 * many requests); `release` frees it before training needs the memory.
 */
export class RunExplorer {
  private loaded: Loaded | null = null

  private async load(runDir: string): Promise<Result<Loaded>> {
    if (this.loaded?.runDir === runDir) return ok(this.loaded)
    this.release()
    const doc = await runDocument(runDir)
    if (!doc.ok) return doc
    const compiled = await loadCheckpoint(doc.value, join(runDir, 'checkpoint'))
    if (!compiled.ok) return compiled
    this.loaded = { runDir, doc: doc.value, compiled: compiled.value }
    return ok(this.loaded)
  }

  release(): void {
    if (this.loaded) disposeCompiled(this.loaded.compiled)
    this.loaded = null
  }

  /** Decodes the codings under a point of the run's latent map (fractions of its size, from the top left). */
  async decodeAt(runDir: string, fx: number, fy: number): Promise<Result<Picture>> {
    const projection = await readFile(join(runDir, 'previews', 'latent-map.json'), 'utf8')
      .then((t) => JSON.parse(t) as LatentProjection)
      .catch(() => null)
    if (!projection) return err('this run has no latent map (autoencoders and VAEs draw one)')
    const run = await this.load(runDir)
    if (!run.ok) return run
    const dec = model(run.value.compiled, 'decoder')
    if (!dec) return err('this run has no decoder')
    const codings = codingsAt(projection, LATENT_MAP_SIZE, fx, fy)
    // Flat codings, shaped as the decoder takes them (a convolutional autoencoder's are maps).
    const shape = (dec.model.inputs[0]?.shape.slice(1) ?? []).map((s) => s ?? 1)
    const images = tf.tidy(() => runModel(dec, tf.tensor(codings, [1, ...shape]), false).at(-1))
    if (!images) return err('the decoder gave no output')
    const frame = await imagesPreview(0, 'decoded', images, rangeOf(run.value.doc, dec))
    images.dispose()
    return ok(frame)
  }

  /**
   * The chapter's t-SNE map of the codings: the first TSNE_IMAGES test images encoded (the means,
   * for a VAE), embedded in 2-D by t-SNE, drawn one colour per class with some thumbnails. Takes
   * seconds (exact t-SNE), so it is made on demand; the latent map during training stays PCA.
   */
  async tsneMap(runDir: string): Promise<Result<Picture>> {
    const run = await this.load(runDir)
    if (!run.ok) return run
    const { doc, compiled } = run.value
    const enc = model(compiled, 'encoder')
    const explorer = RECIPE_SPECS[doc.training.recipe].explorer
    if (!enc || !explorer) return err('a t-SNE map needs an encoder')
    const shape = imageInputShape(enc)
    if (shape.length < 2) return err('a t-SNE map needs images (this run trains on points)')
    const [h = 1, w = 1, c = 1] = shape.length === 2 ? [...shape, 1] : shape
    const data = await resolveDataset(doc.dataset, { imageShape: [h, w, c] })
    if (!data.ok) return data
    const { test } = data.value
    const idx = Array.from({ length: Math.min(TSNE_IMAGES, test.count) }, (_, i) => i)
    const [codings, images] = tf.tidy(() => {
      const x = imageBatch(test, idx, shape, 'unit')
      const z = runModel(enc, x, false).at(explorer.codings === 'first' ? 0 : -1)
      if (!z) throw new Error('the encoder gave no output')
      const flat = z.reshape([idx.length, -1])
      // Thumbnails from the first channel, in [0, 1].
      const grey = x.reshape([idx.length, h, w, c]).slice([0, 0, 0, 0], [-1, -1, -1, 1])
      return [flat.arraySync() as number[][], grey.dataSync() as Float32Array]
    })
    const xy = tsneEmbedding(codings)
    const labels = test.labels ? test.labels.subarray(0, idx.length) : null
    return ok(tsnePicture(xy, labels, images, [h, w]))
  }

  /**
   * Semantic interpolation, as the chapter does it: for each latent axis (up to 16) a row of
   * decoded codings, all 0 but that axis, swept from −0.8 to 0.8 in 7 steps.
   */
  async sweep(runDir: string): Promise<Result<Picture>> {
    const run = await this.load(runDir)
    if (!run.ok) return run
    const dec = model(run.value.compiled, 'decoder')
    if (!dec || !RECIPE_SPECS[run.value.doc.training.recipe].explorer)
      return err('semantic interpolation needs an encoder and a decoder')
    const shape = (dec.model.inputs[0]?.shape.slice(1) ?? []).map((s) => s ?? 1)
    const dims = shape.reduce((a, b) => a * b, 1)
    const axes = Math.min(dims, SWEEP.maxAxes)
    const images = tf.tidy(() => {
      const codings = tf.tensor(axisSweep(dims), [axes * SWEEP.steps, ...shape])
      return runModel(dec, codings, false).at(-1)
    })
    if (!images) return err('the decoder gave no output')
    const frame = await imagesPreview(0, 'latent-axes', images, rangeOf(run.value.doc, dec), {
      columns: SWEEP.steps,
    })
    images.dispose()
    return ok(frame)
  }

  /**
   * Encodes two test images, decodes `steps` points on the line between their codings (the means,
   * for a VAE), and lays out [first, …decoded, second] as one strip.
   */
  async interpolate(
    runDir: string,
    from: number,
    to: number,
    steps: number,
  ): Promise<Result<Picture>> {
    const run = await this.load(runDir)
    if (!run.ok) return run
    const { doc, compiled } = run.value
    const enc = model(compiled, 'encoder')
    const dec = model(compiled, 'decoder')
    const explorer = RECIPE_SPECS[doc.training.recipe].explorer
    if (!enc || !dec || !explorer) return err('interpolation needs an encoder and a decoder')
    const shape = imageInputShape(enc)
    const [h = 1, w = 1, c = 1] = shape.length === 2 ? [...shape, 1] : shape
    const data = await resolveDataset(doc.dataset, { imageShape: [h, w, c] })
    if (!data.ok) return data
    const { test } = data.value
    if (from >= test.count || to >= test.count)
      return err(`the test set has ${test.count} images: pick indices below ${test.count}`)
    const range = rangeOf(doc, dec)
    // The codings the recipe names (a VAE's means are its encoder's first output).
    const codingsIndex = explorer.codings === 'first' ? 0 : -1
    const strip = tf.tidy(() => {
      const x = imageBatch(test, [from, to], shape, range)
      const z = runModel(enc, x, false).at(codingsIndex)
      if (!z) throw new Error('the encoder gave no output')
      const t = tf.linspace(0, 1, steps).reshape([steps, 1])
      const [za, zb] = tf.split(z, 2)
      if (!za || !zb) throw new Error('expected two codings')
      const flat = (z0: tf.Tensor) => z0.reshape([1, -1])
      const line = tf.add(tf.mul(flat(za), tf.sub(1, t)), tf.mul(flat(zb), t))
      const decShape = (dec.model.inputs[0]?.shape.slice(1) ?? []).map((s) => s ?? 1)
      const decoded = runModel(dec, line.reshape([steps, ...decShape]), false).at(-1)
      if (!decoded) throw new Error('the decoder gave no output')
      const [xa, xb] = tf.split(x, 2)
      if (!xa || !xb) throw new Error('expected two images')
      return tf.concat([xa, decoded.reshape([steps, ...shape]), xb])
    })
    const frame = await imagesPreview(0, 'interpolation', strip, range, { columns: steps + 2 })
    strip.dispose()
    return ok(frame)
  }
}

const model = (c: CompiledGraph, role: Role): CompiledModel | undefined =>
  c.models.find((m) => m.plan.role === role)

const rangeOf = (doc: GraphDoc, m: CompiledModel): PixelRange => planRange(inferShapes(doc), m.plan)
