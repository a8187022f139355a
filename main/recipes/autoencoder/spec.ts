import { z } from 'zod'
import { nonNegNumber, rate } from '../../../common/graph/params'
import { py, pyLoss } from '../../../common/python'
import { defineRecipeSpec, encoderDecoderFit } from '../../../common/recipeSpec'

/** Semantic hashing in the Keras script: each image's hash from its rounded codings. */
const HASHES = `

def hashes(encoder, X):
    """Each image's hash: its codings rounded to bits, read as a binary number."""
    bits = np.round(encoder.predict(X)).astype(np.int64)
    return (bits * 2 ** np.arange(bits.shape[1])[::-1]).sum(axis=1)
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
    greedyLayerwise: z.boolean().default(false),
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
  keras: (s) => {
    const noise =
      s.denoising.kind === 'gaussian'
        ? `tf.keras.layers.GaussianNoise(${py(s.denoising.stddev)})`
        : s.denoising.kind === 'dropout'
          ? `tf.keras.layers.Dropout(${py(s.denoising.rate)})`
          : null
    return `
def train(models, data, args, strategy):
    """Trains encoder and decoder end to end to reproduce their inputs${noise ? ' from corrupted copies' : ''}.${s.greedyLayerwise ? '\n    (Latent Studio trained this one greedily, layer by layer; see the chapter for that variant.)' : ''}"""
    with strategy.scope():
        layers = [${noise ? `${noise}, ` : ''}models["encoder"], models["decoder"]]
        autoencoder = tf.keras.Sequential(layers)
        autoencoder.compile(loss=${pyLoss(s.loss)}, optimizer=make_optimizer())
    return autoencoder.fit(data["X_train"], data["X_train"], epochs=args.epochs,
                           batch_size=args.batch_size,
                           validation_data=(data["X_valid"], data["X_valid"]))
${s.hashing ? HASHES : ''}`
  },
})
