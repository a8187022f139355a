import { z } from 'zod'
import { nonNegNumber } from '../../../common/graph/params'
import { py } from '../../../common/python'
import { defineRecipeSpec, encoderDecoderFit } from '../../../common/recipeSpec'

/** The vae recipe's shared part: a variational autoencoder: reconstruction loss plus the latent (KL) loss. */
export const vaeSpec = defineRecipeSpec({
  name: 'vae',
  description: 'a variational autoencoder: reconstruction loss plus the latent (KL) loss',
  settings: z.object({
    reconstructionLoss: z.enum(['mse', 'bce']).default('mse'),
    latentWeight: nonNegNumber(1),
  }),
  roles: ['encoder', 'decoder'],
  checkRoles: ({ byRole, report }) => {
    const issues = encoderDecoderFit(byRole, report)
    const enc = byRole.get('encoder')
    if (enc && !enc.nodes.some((id) => report.index.nodes.get(id)?.kind === 'sampling'))
      issues.push({
        nodeId: null,
        message:
          'the vae recipe needs a Sampling block in the encoder, fed by a mean and a log-variance layer',
      })
    return issues
  },
  range: { role: 'decoder' },
  imageRole: 'encoder',
  needsLabels: false,
  explorer: { codings: 'first' },
  keras: (s) => {
    const rec =
      s.reconstructionLoss === 'bce'
        ? 'tf.keras.losses.binary_crossentropy(tf.reshape(x, [tf.shape(x)[0], -1]), tf.reshape(reconstructions, [tf.shape(x)[0], -1]))'
        : 'tf.reduce_mean(tf.square(tf.reshape(x - reconstructions, [tf.shape(x)[0], -1])), axis=-1)'
    return `
class VAE(tf.keras.Model):
    """The chapter's VAE: reconstruction loss plus the latent (KL) loss, scaled per pixel."""

    def __init__(self, encoder, decoder, **kwargs):
        super().__init__(**kwargs)
        self.encoder = encoder
        self.decoder = decoder

    def call(self, x, training=False):
        return self.decoder(self.encoder(x, training=training)[-1], training=training)

    def losses_for(self, x, training):
        codings_mean, codings_log_var, codings = self.encoder(x, training=training)[-3:]
        reconstructions = self.decoder(codings, training=training)
        latent_loss = -0.5 * tf.reduce_sum(
            1 + codings_log_var - tf.exp(codings_log_var) - tf.square(codings_mean), axis=-1)
        pixels = float(np.prod(x.shape[1:]))
        reconstruction_loss = ${rec}
        return tf.reduce_mean(reconstruction_loss + ${py(s.latentWeight)} * latent_loss / pixels)

    def train_step(self, data):
        x = data[0] if isinstance(data, tuple) else data
        with tf.GradientTape() as tape:
            loss = self.losses_for(x, True)
        grads = tape.gradient(loss, self.trainable_weights)
        self.optimizer.apply_gradients(zip(grads, self.trainable_weights))
        return {"loss": loss}

    def test_step(self, data):
        x = data[0] if isinstance(data, tuple) else data
        return {"loss": self.losses_for(x, False)}


def train(models, data, args, strategy):
    with strategy.scope():
        vae = VAE(models["encoder"], models["decoder"])
        vae.compile(optimizer=make_optimizer())
    return vae.fit(data["X_train"], epochs=args.epochs, batch_size=args.batch_size,
                   validation_data=(data["X_valid"],))
`
  },
  kerasUse: () => `
def use(models, data, out_dir):
    """The chapter's VAE generation: 3 × 7 codings drawn from the prior N(0, I), decoded; then
    semantic interpolation: codings all 0 but one axis, swept over linspace(-0.8, 0.8, 7)."""
    decoder = models["decoder"]
    codings_size = decoder.input_shape[-1]
    codings = tf.random.normal(shape=[3 * 7, codings_size])
    save_grid(decoder(codings).numpy(), os.path.join(out_dir, "generated.png"), columns=7)
    codings = np.zeros([7, codings_size], dtype=np.float32)
    codings[:, min(3, codings_size - 1)] = np.linspace(-0.8, 0.8, 7)  # the book sweeps axis 3
    save_grid(decoder(codings).numpy(), os.path.join(out_dir, "interpolation.png"), columns=7)
`,
})
