/** The chapter's custom layers in Keras, as the generated script defines them. */
export const PY_CUSTOM_LAYERS: Readonly<Record<string, string>> = {
  sampling: `
class Sampling(tf.keras.layers.Layer):
    """The VAE's reparameterization trick: mean + exp(log_var / 2) * epsilon."""

    def call(self, inputs):
        mean, log_var = inputs
        return tf.random.normal(tf.shape(log_var)) * tf.exp(log_var / 2) + mean
`,
  denseTranspose: `
class DenseTranspose(tf.keras.layers.Layer):
    """A Dense layer tied to another one: it uses that layer's kernel transposed."""

    def __init__(self, dense, units, activation=None, **kwargs):
        super().__init__(**kwargs)
        self.dense = dense
        self.units = units
        self.activation = tf.keras.activations.get(activation)

    def build(self, batch_input_shape):
        self.biases = self.add_weight(name="bias", shape=[self.units], initializer="zeros")
        super().build(batch_input_shape)

    def call(self, inputs):
        z = tf.matmul(inputs, self.dense.kernel, transpose_b=True)
        return self.activation(z + self.biases)
`,
  klSparsity: `
class KlSparsity(tf.keras.layers.Layer):
    """Adds weight * KL(target || mean activation) to the loss; the identity otherwise."""

    def __init__(self, weight, target, **kwargs):
        super().__init__(**kwargs)
        self.weight = weight
        self.target = target

    def call(self, inputs):
        mean = tf.clip_by_value(tf.reduce_mean(inputs, axis=0), 1e-7, 1 - 1e-7)
        t = self.target
        kl = t * tf.math.log(t / mean) + (1 - t) * tf.math.log((1 - t) / (1 - mean))
        self.add_loss(self.weight * tf.reduce_sum(kl))
        return inputs
`,
  timeEncoding: `
class TimeEncoding(tf.keras.layers.Layer):
    """Embeds integer diffusion steps with the sinusoidal table of the chapter."""

    def __init__(self, steps, dims, **kwargs):
        super().__init__(**kwargs)
        assert dims % 2 == 0, "dims must be even"
        p, i = np.meshgrid(np.arange(steps + 1), 2 * np.arange(dims // 2))
        t_emb = np.empty((steps + 1, dims))
        t_emb[:, ::2] = np.sin(p / 10_000 ** (i / dims)).T
        t_emb[:, 1::2] = np.cos(p / 10_000 ** (i / dims)).T
        self.time_encodings = tf.constant(t_emb.astype(np.float32))

    def call(self, inputs):
        return tf.gather(self.time_encodings, tf.reshape(tf.cast(inputs, tf.int32), [-1]))
`,
  minibatchStdDev: `
class MinibatchStdDev(tf.keras.layers.Layer):
    """Appends the mean standard deviation over the batch as one more feature (against mode collapse)."""

    def call(self, inputs):
        std = tf.math.reduce_std(inputs, axis=0, keepdims=True)
        mean_std = tf.reduce_mean(std, axis=tf.range(1, tf.rank(std)), keepdims=True)
        shape = tf.concat([tf.shape(inputs)[:-1], [1]], axis=0)
        return tf.concat([inputs, tf.broadcast_to(mean_std, shape)], axis=-1)
`,
}
