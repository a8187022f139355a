import type { GraphDoc } from '../../common/graph/schema'

const CUSTOM: Readonly<Record<string, string>> = {
  sampling: '`Sampling` (the VAE encoder): mean + exp(logVar / 2) · ε; no weights.',
  denseTranspose:
    "`DenseTranspose` (tied decoders): uses its tied Dense layer's kernel transposed; its config names that layer in `tiedTo`, which lives in the encoder. Load both models and link them (Latent Studio's `linkTiedLayers` over both models' layers).",
  activityRegularization:
    '`ActivityRegularization`: the identity, adding an ℓ1/ℓ2 penalty in training.',
  klSparsity: '`KlSparsity`: the identity, adding the KL sparsity penalty in training.',
  timeEncoding:
    '`TimeEncoding` (the diffusion denoiser): looks integer steps up in a sinusoidal table; config `steps`, `dims`.',
  minibatchStdDev:
    '`MinibatchStdDev`: appends the mean standard deviation over the batch as a feature.',
}

/** The export folder's README: what each file is and how to load it. */
export function exportReadme(
  doc: GraphDoc,
  files: readonly string[],
  skipped: readonly string[],
): string {
  const custom = [...new Set(doc.nodes.map((n) => n.kind))].flatMap((k) =>
    CUSTOM[k] ? [`- ${CUSTOM[k]}`] : [],
  )
  return [
    `# ${doc.meta.title}: exported by Latent Studio`,
    '',
    '- `tfjs/<group>/model.json` + `weights.bin`: TensorFlow.js layers models, one per group; load with `tf.loadLayersModel`.',
    '- `onnx/<group>.onnx`: the inference models (opset 17, NHWC inputs as in TensorFlow.js; the batch dimension is named `batch`).',
    "- `keras/model.py`: rebuilds the graph in Keras and trains it with the chapter's recipe (`python3 model.py --help`).",
    '- `previews/`: the last preview grids of the run.',
    '',
    ...(custom.length
      ? [
          '## Custom layers',
          '',
          "These layers are not part of TensorFlow.js: register classes with the same `className` before `tf.loadLayersModel` (Latent Studio's `main/layers/` has them).",
          '',
          ...custom,
          '',
        ]
      : []),
    '## Files',
    '',
    ...files.map((f) => `- ${f}`),
    ...(skipped.length ? ['', '## Not exported', '', ...skipped.map((s) => `- ${s}`)] : []),
    '',
  ].join('\n')
}
