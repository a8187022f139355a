import type { GraphDoc } from '../../common/graph/schema'
import type { Shape } from '../../common/graph/shape'
import type { ModelIo } from './modelIo'

/** A custom layer as the README explains it: what it does and its config keys as the files write them. */
interface CustomDoc {
  readonly className: string
  readonly does: string
  /** Config keys beyond tfjs's own (`name`, `trainable`, …), as written in model.json. */
  readonly config: string
  readonly weights: string
}

const CUSTOM: Readonly<Record<string, CustomDoc>> = {
  sampling: {
    className: 'Sampling',
    does: 'the VAE’s reparameterization trick: mean + exp(log_var / 2) · ε, ε ~ N(0, I) drawn anew on each call',
    config: 'none',
    weights: 'none',
  },
  denseTranspose: {
    className: 'DenseTranspose',
    does: 'y = act(x · Wᵀ + b), W the kernel of the encoder’s Dense layer it is tied to',
    config:
      '`tied` (`{"name": <the tied Dense layer>}`: an object, because TensorFlow.js rewrites other string values of a config to camelCase and keeps `name` keys as written), `units`, `activation`, `tied_kernel` (`true`: the layer carries a copy of W)',
    weights:
      '`bias` [units], then `tied_kernel` [units, inputs] (not trainable): a copy of the tied kernel as it was at export. The decoder therefore loads and runs **without its encoder**. `loadModels` loaded with the encoder links each DenseTranspose to the encoder’s Dense layer of that name, so training the two together keeps them tied',
  },
  activityRegularization: {
    className: 'ActivityRegularization',
    does: 'the identity; in training it adds (l1·Σ|a| + l2·Σa²) / batch size to the loss (load.mjs passes through: inference only)',
    config: '`l1`, `l2`',
    weights: 'none',
  },
  klSparsity: {
    className: 'KlSparsity',
    does: 'the identity; in training it adds weight · (KL(t‖m) + KL(1−t‖1−m)) / batch size, m each unit’s mean activation over the batch (load.mjs passes through: inference only)',
    config: '`weight`, `target`',
    weights: 'none',
  },
  timeEncoding: {
    className: 'TimeEncoding',
    does: 'looks the diffusion steps t (integers, any shape, flattened) up in a constant table of steps + 1 rows × dims columns: row t holds sin(t / 10000^(2k/dims)) in column 2k and cos(t / 10000^(2k/dims)) in column 2k + 1; the output is [batch, dims]',
    config: '`steps`, `dims`',
    weights: 'none (the table is computed when the layer is built)',
  },
  minibatchStdDev: {
    className: 'MinibatchStdDev',
    does: 'appends one feature (channel): the mean over features of each feature’s standard deviation across the batch',
    config: 'none',
    weights: 'none',
  },
}

const fmtShape = (shape: Shape) =>
  `[${shape.map((d) => (d === null ? 'batch' : String(d))).join(', ')}]`

/** A call of the model with zeros of its input shapes (batch 4), as a line of JavaScript. */
function exampleCall(m: ModelIo): string {
  const zeros = m.inputs.map(
    (i) =>
      `tf.zeros([${i.shape.map((d) => (d === null ? '4' : String(d))).join(', ')}]${i.dtype === 'int32' ? ", 'int32'" : ''})`,
  )
  const args = zeros.length === 1 ? (zeros[0] ?? '') : `[${zeros.join(', ')}]`
  const model = /^[A-Za-z_$][\w$]*$/.test(m.id)
    ? `models.${m.id}`
    : `models[${JSON.stringify(m.id)}]`
  return `const out = ${model}.predict(${args})`
}

function modelSection(m: ModelIo): string[] {
  const row = (t: ModelIo['inputs'][number]) =>
    `| \`${t.name}\` | ${fmtShape(t.shape)} | ${t.dtype} | ${t.meaning} |`
  return [
    `### \`${m.id}\`: ${m.name} (${m.role})`,
    '',
    '| | name | shape | dtype | values |',
    '|---|---|---|---|---|',
    ...m.inputs.map((t, i) => `| input ${String(i + 1)} ${row(t)}`),
    ...m.outputs.map((t, i) => `| output ${String(i + 1)} ${row(t)}`),
    '',
  ]
}

/** The export folder's README: what each file is, each model's inputs and outputs, how to load them. */
export function exportReadme(
  doc: GraphDoc,
  models: readonly ModelIo[],
  files: readonly string[],
  skipped: readonly string[],
): string {
  const kinds = new Set(doc.nodes.map((n) => n.kind))
  const custom = Object.entries(CUSTOM).flatMap(([kind, c]) => (kinds.has(kind) ? [c] : []))
  const first = models[0]
  const tfjs = files.some((f) => f.startsWith('tfjs/'))
  return [
    `# ${doc.meta.title}: exported by Latent Studio`,
    '',
    '- `tfjs/<model>/model.json` + `weights.bin`: TensorFlow.js layers models, one per model of the graph; `tfjs/load.mjs` loads them all with nothing but `@tensorflow/tfjs` (it defines and registers the custom layers below).',
    '- `onnx/<model>.onnx`: the inference models (opset 17, NHWC inputs as in TensorFlow.js; the batch dimension is named `batch`; the same input and output names as below).',
    "- `keras/model.py`: the graph in Keras with the chapter's training and what the chapter does with the trained model (`python3 model.py --help`).",
    '- `previews/`: the last preview grids of the run.',
    '',
    '## Models',
    '',
    ...models.flatMap(modelSection),
    ...(tfjs && first
      ? [
          '## Loading in TensorFlow.js',
          '',
          'In Node (files are read from disk; no tfjs-node needed):',
          '',
          '```js',
          "import * as tf from '@tensorflow/tfjs'",
          "import { loadModels } from './tfjs/load.mjs'",
          '',
          "const models = await loadModels(tf) // or loadModels(tf, '/path/to/export/tfjs')",
          exampleCall(first),
          '```',
          '',
          'In a browser (the export folder served over HTTP):',
          '',
          '```html',
          '<script type="module">',
          "  import * as tf from 'https://cdn.jsdelivr.net/npm/@tensorflow/tfjs@4/dist/tf.fesm.min.js'",
          "  import { loadModels } from './tfjs/load.mjs'",
          '',
          "  const models = await loadModels(tf, new URL('./tfjs/', location.href))",
          `  ${exampleCall(first)}`,
          '</script>',
          '```',
          '',
          '`models` is keyed by model id (the folder names under `tfjs/`, the file names under `onnx/`). `predict()` and `apply()` take the shapes above.',
          '',
        ]
      : []),
    ...(custom.length
      ? [
          '## Custom layers',
          '',
          'Not part of TensorFlow.js or Keras: `tfjs/load.mjs` defines them (`registerLayers(tf)` registers them alone) and `keras/model.py` defines them in Python.',
          '',
          ...custom.flatMap((c) => [
            `### \`${c.className}\``,
            '',
            `- Computes: ${c.does}.`,
            `- Config keys (as in model.json): ${c.config}.`,
            `- Weights: ${c.weights}.`,
            '',
          ]),
        ]
      : []),
    '## Files',
    '',
    ...files.map((f) => `- ${f}`),
    ...(skipped.length ? ['', '## Not exported', '', ...skipped.map((s) => `- ${s}`)] : []),
    '',
  ].join('\n')
}
