import { z } from 'zod'
import { nonNegNumber, posInt, rate } from '../../../common/graph/params'
import { py, pyLoss } from '../../../common/python'
import { defineRecipeSpec, encoderDecoderFit } from '../../../common/recipeSpec'

/** Semantic hashing in the Keras script: each image's hash from its rounded codings. */
const HASHES = `

def hashes(encoder, X):
    """Each image's hash: its codings rounded to bits, read as a binary number."""
    bits = np.round(encoder.predict(X)).astype(np.int64)
    return (bits * 2 ** np.arange(bits.shape[1])[::-1]).sum(axis=1)
`

/**
 * Greedy layer-wise training in Keras (the chapter's "one autoencoder at a time"): the k-th Dense
 * layer of the encoder and its mirror in the decoder train as a shallow autoencoder on the output
 * of the layers below, outermost first.
 */
const greedyKeras = (
  epochs: number,
  rates: readonly number[],
  loss: string,
) => `    encoder_dense = [l for l in models["encoder"].layers if isinstance(l, tf.keras.layers.Dense)]
    decoder_dense = [l for l in models["decoder"].layers if isinstance(l, tf.keras.layers.Dense)]
    rates = ${py(rates)}
    X_train = data["X_train"].reshape(len(data["X_train"]), -1)
    X_valid = data["X_valid"].reshape(len(data["X_valid"]), -1)
    for k, (enc, dec) in enumerate(zip(encoder_dense, reversed(decoder_dense))):
        with strategy.scope():
            pair = tf.keras.Sequential([tf.keras.Input(shape=X_train.shape[1:]), enc, dec])
            pair.compile(loss=${loss}, optimizer=make_optimizer(*rates[k:k + 1]))
        pair.fit(X_train, X_train, epochs=${py(epochs)}, batch_size=args.batch_size,
                 validation_data=(X_valid, X_valid))
        X_train, X_valid = enc.predict(X_train), enc.predict(X_valid)
`

/** The autoencoder recipe's shared part: an encoder and a decoder trained to reproduce their input (stacked, tied, convolutional, denoising, sparse). */
export const autoencoderSpec = defineRecipeSpec({
  name: 'autoencoder',
  description:
    'an encoder and a decoder trained to reproduce their input (stacked, tied, convolutional, denoising, sparse)',
  settings: z.object({
    loss: z.enum(['mse', 'bce']).default('mse'),
    denoising: z
      .object({
        kind: z.enum(['none', 'gaussian', 'dropout']).default('none'),
        stddev: nonNegNumber(0.2),
        rate: rate(0.5),
      })
      .default({ kind: 'none', stddev: 0.2, rate: 0.5 }),
    /**
     * Greedy layer-wise training, as the chapter's "one autoencoder at a time": each Dense layer of
     * the encoder with its mirror in the decoder, outermost first, trained as a shallow autoencoder
     * on the frozen output of the layers below for `layerEpochs`; then the whole stack is
     * fine-tuned for the document's epochs.
     */
    greedyLayerwise: z.boolean().default(false),
    layerEpochs: posInt(10, 100_000),
    /** Each layer pair's learning rate, outermost first; the document's for those not given. */
    layerLearningRates: z.array(z.number().positive().max(10)).max(32).default([]),
    /**
     * Semantic hashing: the codings (sigmoid units) rounded to bits are each image's hash; the
     * preview shows the images that share the most common hashes.
     */
    hashing: z.boolean().default(false),
  }),
  roles: ['encoder', 'decoder'],
  checkRoles: ({ byRole, report }) => encoderDecoderFit(byRole, report),
  range: { role: 'decoder' },
  imageRole: 'encoder',
  needsLabels: false,
  explorer: { codings: 'last' },
  epochsPhase: (s) =>
    s.greedyLayerwise
      ? `the fine-tuning of the whole stack; each layer pair trains first for ${s.layerEpochs} (layerEpochs)`
      : null,
  keras: (s) => {
    const noise =
      s.denoising.kind === 'gaussian'
        ? `tf.keras.layers.GaussianNoise(${py(s.denoising.stddev)})`
        : s.denoising.kind === 'dropout'
          ? `tf.keras.layers.Dropout(${py(s.denoising.rate)})`
          : null
    return `
def train(models, data, args, strategy):
    """Trains encoder and decoder end to end to reproduce their inputs${noise ? ' from corrupted copies' : ''}${s.greedyLayerwise ? ', after training them\n    greedily, one shallow autoencoder per Dense layer pair' : ''}."""
${s.greedyLayerwise ? greedyKeras(s.layerEpochs, s.layerLearningRates, pyLoss(s.loss)) : ''}    with strategy.scope():
        layers = [${noise ? `${noise}, ` : ''}models["encoder"], models["decoder"]]
        autoencoder = tf.keras.Sequential(layers)
        autoencoder.compile(loss=${pyLoss(s.loss)}, optimizer=make_optimizer())
    return autoencoder.fit(data["X_train"], data["X_train"], epochs=args.epochs,
                           batch_size=args.batch_size,
                           validation_data=(data["X_valid"], data["X_valid"]))
${s.hashing ? HASHES : ''}`
  },
  kerasUse: (s, { points }) =>
    points
      ? `
def use(models, data, out_dir):
    """The chapter's plot of the linear autoencoder's codings: the 2-D projection it learned."""
    codings = models["encoder"].predict(data["X_train"])
    plt.figure(figsize=(4, 3))
    plt.plot(codings[:, 0], codings[:, 1], "b.")
    plt.xlabel("$z_1$")
    plt.ylabel("$z_2$", rotation=0)
    plt.grid(True)
    path = os.path.join(out_dir, "codings.png")
    plt.savefig(path, dpi=150)
    print(f"wrote {path}")
`
      : `
def use(models, data, out_dir):
    """The chapter's plot of reconstructions: 8 validation images above what the autoencoder
    rebuilds from their codings${s.hashing ? '; then the hashes of the validation images, and the images\n    sharing the 10 most common ones (a row each)' : ''}."""
    encoder, decoder = models["encoder"], models["decoder"]
    X = data["X_valid"][:8]
    save_grid(np.concatenate([X, decoder.predict(encoder.predict(X))]),
              os.path.join(out_dir, "reconstructions.png"), columns=8)
${
  s.hashing
    ? `    codes = hashes(encoder, data["X_valid"])
    values, counts = np.unique(codes, return_counts=True)
    bits = encoder.output_shape[-1]
    top = values[np.argsort(-counts, kind="stable")][:10]
    rows = []
    for code in top:
        same = data["X_valid"][codes == code][:8]
        print(f"hash {int(code):0{bits}b}: {int((codes == code).sum())} images")
        blank = np.full_like(data["X_valid"][:1], PIXEL_RANGE[0])
        rows.append(np.concatenate([same] + [blank] * (8 - len(same))))
    save_grid(np.concatenate(rows), os.path.join(out_dir, "hashes.png"), columns=8)
`
    : ''
}`,
})
