import type { OptimizerConfig, TrainingConfig } from '../../graph/training'
import { py } from './pyBlocks'

/** The document's optimizer as a Keras constructor call. */
export function pyOptimizer(o: OptimizerConfig, lr: number, clipNorm: number): string {
  const clip = clipNorm > 0 ? `, clipnorm=${py(clipNorm)}` : ''
  switch (o.kind) {
    case 'sgd':
      return `tf.keras.optimizers.SGD(learning_rate=${py(lr)}, momentum=${py(o.momentum)}, nesterov=${py(o.nesterov)}${clip})`
    case 'adam':
      return `tf.keras.optimizers.Adam(learning_rate=${py(lr)}, beta_1=${py(o.beta1)}, beta_2=${py(o.beta2)}, epsilon=${py(o.epsilon)}${clip})`
    case 'nadam':
      return `tf.keras.optimizers.Nadam(learning_rate=${py(lr)}, beta_1=${py(o.beta1)}, beta_2=${py(o.beta2)}, epsilon=${py(o.epsilon)}${clip})`
    case 'rmsprop':
      return `tf.keras.optimizers.RMSprop(learning_rate=${py(lr)}, rho=${py(o.rho)}, momentum=${py(o.momentum)}, epsilon=${py(o.epsilon)}${clip})`
  }
}

const lossName = (l: 'mse' | 'bce' | 'huber') =>
  l === 'bce' ? '"binary_crossentropy"' : l === 'huber' ? '"huber"' : '"mse"'

/**
 * The recipe's training as the chapter writes it, in a `train(models, data, args, strategy)`
 * function; `data` holds X_train, X_valid, y_train, y_valid scaled to the models' range.
 */
export function pyRecipe(t: TrainingConfig, timeInput: string | null): string {
  switch (t.recipe) {
    case 'autoencoder': {
      const s = t.settings
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
        autoencoder.compile(loss=${lossName(s.loss)}, optimizer=make_optimizer())
    return autoencoder.fit(data["X_train"], data["X_train"], epochs=args.epochs,
                           batch_size=args.batch_size,
                           validation_data=(data["X_valid"], data["X_valid"]))
`
    }
    case 'vae': {
      const s = t.settings
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
    }
    case 'gan': {
      const s = t.settings
      return `
def train(models, data, args, strategy):
    """The chapter's GAN loop: a discriminator step on real and fake images, then a generator step."""
    codings_size = ${py(s.codingsSize)}
    generator, discriminator = models["generator"], models["discriminator"]
    with strategy.scope():
        discriminator.compile(loss="binary_crossentropy", optimizer=make_optimizer())
        discriminator.trainable = False
        gan = tf.keras.Sequential([generator, discriminator])
        gan.compile(loss="binary_crossentropy", optimizer=make_optimizer())
    batch_size = args.batch_size
    dataset = tf.data.Dataset.from_tensor_slices(data["X_train"]).shuffle(1000)
    dataset = dataset.batch(batch_size, drop_remainder=True).prefetch(1)
    real_label = 1.0 - ${py(s.labelSmoothing)}
    for epoch in range(args.epochs):
        for X_batch in dataset:
            for _ in range(${py(s.discriminatorSteps)}):
                noise = tf.random.normal(shape=[batch_size, codings_size])
                generated_images = generator(noise)
                X_fake_and_real = tf.concat([generated_images, X_batch], axis=0)
                y1 = tf.constant([[0.0]] * batch_size + [[real_label]] * batch_size)
                discriminator.train_on_batch(X_fake_and_real, y1)
            noise = tf.random.normal(shape=[batch_size, codings_size])
            y2 = tf.constant([[1.0]] * batch_size)
            gan.train_on_batch(noise, y2)
        print(f"epoch {epoch + 1}/{args.epochs} done")
    return gan
`
    }
    case 'diffusion': {
      const s = t.settings
      return `
def variance_schedule(T, s=${py(s.s)}, max_beta=${py(s.maxBeta)}):
    """The cosine schedule of the chapter (Nichol and Dhariwal)."""
    t = np.arange(T + 1)
    f = np.cos((t / T + s) / (1 + s) * np.pi / 2) ** 2
    alpha = np.clip(f[1:] / f[:-1], 1 - max_beta, 1)
    alpha = np.append(1, alpha).astype(np.float32)
    beta = 1 - alpha
    alpha_cumprod = np.cumprod(alpha)
    return alpha, alpha_cumprod, beta


T = ${py(s.steps)}
alpha, alpha_cumprod, beta = variance_schedule(T)


def prepare_batch(X):
    """Noisy images at random steps, and the noise the denoiser must predict."""
    X = tf.cast(X, tf.float32)
    X_shape = tf.shape(X)
    t = tf.random.uniform([X_shape[0]], minval=1, maxval=T + 1, dtype=tf.int32)
    alpha_cm = tf.gather(alpha_cumprod, t)
    alpha_cm = tf.reshape(alpha_cm, [X_shape[0]] + [1] * (len(X.shape) - 1))
    noise = tf.random.normal(X_shape)
    return {${py(timeInput ?? 'time')}: t, "x_noisy": alpha_cm ** 0.5 * X + (1 - alpha_cm) ** 0.5 * noise}, noise


def train(models, data, args, strategy):
    denoiser = models["denoiser"]
    with strategy.scope():
        denoiser.compile(loss=${lossName(s.loss)}, optimizer=make_optimizer())
    def prepare(X):
        return tf.data.Dataset.from_tensor_slices(X).batch(args.batch_size).map(prepare_batch).prefetch(1)
    return denoiser.fit(prepare(data["X_train"]), validation_data=prepare(data["X_valid"]),
                        epochs=args.epochs)
`
    }
    case 'classifier': {
      const s = t.settings
      return `
def train(models, data, args, strategy):
    """Unsupervised pretraining of the autoencoder, then the classifier on the labelled fraction."""
    encoder = models["encoder"]
    with strategy.scope():
        if ${py(s.pretrainEpochs)} > 0 and "decoder" in models:
            autoencoder = tf.keras.Sequential([encoder, models["decoder"]])
            autoencoder.compile(loss="mse", optimizer=make_optimizer())
        encoder.trainable = ${py(!s.freezeEncoder)}
        classifier = tf.keras.Sequential([encoder, models["classifier"]])
        classifier.compile(loss="sparse_categorical_crossentropy", optimizer=make_optimizer(),
                           metrics=["accuracy"])
    if ${py(s.pretrainEpochs)} > 0 and "decoder" in models:
        autoencoder.fit(data["X_train"], data["X_train"], epochs=${py(s.pretrainEpochs)},
                        batch_size=args.batch_size)
    n = max(2, int(len(data["X_train"]) * ${py(s.labelledFraction)}))
    return classifier.fit(data["X_train"][:n], data["y_train"][:n], epochs=args.epochs,
                          batch_size=args.batch_size,
                          validation_data=(data["X_valid"], data["y_valid"]))
`
    }
  }
}
