/* global URL, process, fetch, TextDecoder */
// The custom layers of a Latent Studio export, and a loader for its models, for any TensorFlow.js
// (`@tensorflow/tfjs` 4.x in Node or a browser): no other dependency. The export's `tfjs/load.mjs`
// is this module with the list of its models appended.
//
// The layers compute what Latent Studio's engine computes at inference. The training penalties of
// ActivityRegularization and KlSparsity are not added here: they pass their input through.

/** @type {WeakMap<object, Record<string, Function>>} */
const registered = new WeakMap()

/**
 * Defines the custom layer classes with `tf` and registers them with its serialization, once per
 * tfjs instance. Returns the classes by name.
 * @param {any} tf the `@tensorflow/tfjs` module
 */
export function registerLayers(tf) {
  const known = registered.get(tf)
  if (known) return known
  /** @param {any} inputs */
  const single = (inputs) => (Array.isArray(inputs) ? inputs[0] : inputs)
  /** @param {any} shape */
  const singleShape = (shape) => (Array.isArray(shape[0]) ? shape[0] : shape)
  /** @type {Record<string, (x: any) => any>} */
  const activations = {
    linear: (x) => x,
    relu: (x) => tf.relu(x),
    selu: (x) => tf.selu(x),
    elu: (x) => tf.elu(x),
    sigmoid: (x) => tf.sigmoid(x),
    tanh: (x) => tf.tanh(x),
    softmax: (x) => tf.softmax(x),
    swish: (x) => tf.mul(x, tf.sigmoid(x)),
  }

  /** The VAE's reparameterization trick: mean + exp(logVar / 2) · ε, ε ~ N(0, I). */
  class Sampling extends tf.layers.Layer {
    static className = 'Sampling'
    computeOutputShape(shape) {
      return shape[0]
    }
    call(inputs) {
      return tf.tidy(() => {
        const [mean, logVar] = inputs
        return tf.add(mean, tf.mul(tf.exp(tf.mul(logVar, 0.5)), tf.randomNormal(mean.shape)))
      })
    }
  }

  /**
   * y = act(x · Wᵀ + b), W the tied Dense layer's kernel [units, inputs]: the layer's own copy
   * (`tied_kernel`), or the tied layer's live kernel once linked to it (see loadModels).
   */
  class DenseTranspose extends tf.layers.Layer {
    static className = 'DenseTranspose'
    constructor(config) {
      super(config)
      this.tied = config.tied
      this.units = config.units
      this.activation = config.activation ?? 'linear'
      this.carriesKernel = config.tiedKernel === true
      this.tiedLayer = null
      this.kernel = null
      this.bias = null
    }
    /** Uses `dense`'s kernel from now on (the encoder's, when both models are loaded). */
    link(dense) {
      this.tiedLayer = dense
    }
    build(shape) {
      this.bias = this.addWeight('bias', [this.units], 'float32', tf.initializers.zeros())
      if (this.carriesKernel) {
        const inputs = singleShape(shape).at(-1)
        this.kernel = this.addWeight(
          'tied_kernel',
          [this.units, inputs],
          'float32',
          tf.initializers.zeros(),
          undefined,
          false,
        )
      }
      this.built = true
    }
    computeOutputShape(shape) {
      return [...singleShape(shape).slice(0, -1), this.units]
    }
    call(inputs) {
      const kernel = this.tiedLayer ? this.tiedLayer.trainableWeights[0] : this.kernel
      if (!kernel) throw new Error(`DenseTranspose ${this.name}: no kernel (load its encoder too)`)
      const act = activations[this.activation]
      if (!act)
        throw new Error(`DenseTranspose ${this.name}: unknown activation ${this.activation}`)
      return tf.tidy(() =>
        act(tf.add(tf.matMul(single(inputs), kernel.read(), false, true), this.bias.read())),
      )
    }
    getConfig() {
      return {
        ...super.getConfig(),
        tied: this.tied,
        units: this.units,
        activation: this.activation,
        tiedKernel: this.carriesKernel,
      }
    }
  }

  /** Keras's ActivityRegularization: the identity here (its ℓ1/ℓ2 penalty is a training loss). */
  class ActivityRegularization extends tf.layers.Layer {
    static className = 'ActivityRegularization'
    constructor(config) {
      super(config)
      this.l1 = config.l1 ?? 0
      this.l2 = config.l2 ?? 0
    }
    call(inputs) {
      return tf.clone(single(inputs))
    }
    getConfig() {
      return { ...super.getConfig(), l1: this.l1, l2: this.l2 }
    }
  }

  /** The chapter's KL sparsity regularizer: the identity here (its penalty is a training loss). */
  class KlSparsity extends tf.layers.Layer {
    static className = 'KlSparsity'
    constructor(config) {
      super(config)
      this.weight = config.weight
      this.target = config.target
    }
    call(inputs) {
      return tf.clone(single(inputs))
    }
    getConfig() {
      return { ...super.getConfig(), weight: this.weight, target: this.target }
    }
  }

  /**
   * Diffusion steps t (integers 0…steps, any shape: flattened) to rows of the chapter's table:
   * row t holds sin(t / 10000^(2k/dims)) in column 2k and cos of the same in column 2k + 1.
   */
  class TimeEncoding extends tf.layers.Layer {
    static className = 'TimeEncoding'
    constructor(config) {
      super(config)
      this.steps = config.steps
      this.dims = config.dims
      this.table = null
    }
    build() {
      const values = new Float32Array((this.steps + 1) * this.dims)
      for (let t = 0; t <= this.steps; t++)
        for (let k = 0; k < this.dims / 2; k++) {
          const angle = t / 10_000 ** ((2 * k) / this.dims)
          values[t * this.dims + 2 * k] = Math.sin(angle)
          values[t * this.dims + 2 * k + 1] = Math.cos(angle)
        }
      this.table = tf.keep(tf.tensor2d(values, [this.steps + 1, this.dims]))
      this.built = true
    }
    computeOutputShape(shape) {
      return [singleShape(shape)[0] ?? null, this.dims]
    }
    call(inputs) {
      return tf.tidy(() =>
        tf.gather(this.table, tf.cast(tf.reshape(single(inputs), [-1]), 'int32')),
      )
    }
    getConfig() {
      return { ...super.getConfig(), steps: this.steps, dims: this.dims }
    }
  }

  /** Appends the mean over features of each feature's standard deviation across the batch. */
  class MinibatchStdDev extends tf.layers.Layer {
    static className = 'MinibatchStdDev'
    computeOutputShape(shape) {
      const s = singleShape(shape)
      const c = s.at(-1)
      return [...s.slice(0, -1), c == null ? null : c + 1]
    }
    call(inputs) {
      return tf.tidy(() => {
        const x = single(inputs)
        const { variance } = tf.moments(x, 0)
        const stat = tf.mean(tf.sqrt(tf.add(variance, 1e-8)))
        return tf.concat([x, tf.mul(tf.ones([...x.shape.slice(0, -1), 1]), stat)], -1)
      })
    }
  }

  const classes = {
    Sampling,
    DenseTranspose,
    ActivityRegularization,
    KlSparsity,
    TimeEncoding,
    MinibatchStdDev,
  }
  for (const cls of Object.values(classes)) tf.serialization.registerClass(cls)
  registered.set(tf, classes)
  return classes
}

/** Whether `dir` names a URL (http:, https:, file:, blob: …) rather than a file path. */
const isUrl = (dir) =>
  dir instanceof URL || (/^[a-z][a-z0-9+.-]+:/i.test(dir) && !/^[a-z]:[\\/]/i.test(dir))
const inNode = () => typeof process !== 'undefined' && Boolean(process.versions?.node)

/** The bytes of `file` in the folder `dir` (a path in Node, or a URL). */
async function read(dir, file) {
  const base = String(dir).endsWith('/') ? String(dir) : `${String(dir)}/`
  if (isUrl(dir) || !inNode()) {
    const url = new URL(file, isUrl(dir) ? base : new URL(base, globalThis.location?.href))
    if (url.protocol === 'file:' && inNode()) {
      const { readFile } = await import('node:fs/promises')
      return new Uint8Array(await readFile(url))
    }
    const response = await fetch(url)
    if (!response.ok) throw new Error(`${url.href}: ${response.status} ${response.statusText}`)
    return new Uint8Array(await response.arrayBuffer())
  }
  const { readFile } = await import('node:fs/promises')
  return new Uint8Array(await readFile(base + file))
}

/**
 * Loads one model saved as `<dir>/<id>/model.json` + its weight files, the custom layers
 * registered first.
 * @param {any} tf the `@tensorflow/tfjs` module
 */
export async function loadModel(tf, dir, id) {
  registerLayers(tf)
  const folder = `${id}/`
  const json = JSON.parse(new TextDecoder().decode(await read(dir, `${folder}model.json`)))
  const paths = json.weightsManifest.flatMap((group) => group.paths)
  const shards = await Promise.all(paths.map((p) => read(dir, folder + p)))
  const weightData = new Uint8Array(shards.reduce((n, s) => n + s.byteLength, 0))
  let at = 0
  for (const s of shards) {
    weightData.set(s, at)
    at += s.byteLength
  }
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
      weightData: weightData.buffer,
    }),
  )
}

/**
 * Loads the models `ids` from the export's `tfjs/` folder `dir` (a path in Node, a URL or a path
 * relative to the page in a browser), keyed by id. A DenseTranspose whose tied Dense layer is in
 * another of them is linked to it (so training them together keeps the tie); alone, it runs on
 * the kernel copy saved with it.
 * @param {any} tf the `@tensorflow/tfjs` module
 * @param {string | URL} dir
 * @param {readonly string[]} ids
 */
export async function loadModelsFrom(tf, dir, ids) {
  const { DenseTranspose } = registerLayers(tf)
  const models = {}
  for (const id of ids) models[id] = await loadModel(tf, dir, id)
  const dense = new Map()
  for (const m of Object.values(models))
    for (const l of m.layers) if (l.getClassName() === 'Dense') dense.set(l.name, l)
  for (const m of Object.values(models))
    for (const l of m.layers)
      if (l instanceof DenseTranspose && dense.has(l.tied.name)) l.link(dense.get(l.tied.name))
  return models
}
