import { z } from 'zod'
import type { NodeIssue } from '../../../common/graph/graphIndex'
import { nonNegNumber, posInt } from '../../../common/graph/params'
import { py, pyLoss } from '../../../common/python'
import { defineRecipeSpec, planOutput, shapeMismatch } from '../../../common/recipeSpec'

/** The `preciseBatchNorm` setting in Keras: the moving statistics re-estimated at each epoch's end. */
const PRECISE_BN = `
class PreciseBatchNorm(tf.keras.callbacks.Callback):
    """Sets batch normalization's moving mean and variance to their average over a few training
    batches at each epoch's end (precise BN), instead of waiting for the moving averages to settle."""
    def __init__(self, batches, count):
        super().__init__()
        self.batches, self.count = batches, count

    def on_epoch_end(self, epoch, logs=None):
        layers = [l for l in self.model.layers if isinstance(l, tf.keras.layers.BatchNormalization)]
        momentum = [l.momentum for l in layers]
        for i, (inputs, _) in enumerate(self.batches.take(self.count)):
            for layer in layers:
                layer.momentum = i / (i + 1)  # a running mean of the batches' statistics
            self.model(inputs, training=True)
        for layer, m in zip(layers, momentum):
            layer.momentum = m
`

/** The diffusion recipe's shared part: a denoiser that learns to predict the noise added to images (DDPM). */
export const diffusionSpec = defineRecipeSpec({
  name: 'diffusion',
  description: 'a denoiser that learns to predict the noise added to images (DDPM)',
  settings: z.object({
    steps: posInt(4000, 100_000),
    s: nonNegNumber(0.008),
    maxBeta: z.number().gt(0).lt(1).default(0.999),
    loss: z.enum(['mse', 'huber']).default('huber'),
    samplingSteps: posInt(100, 100_000),
    /**
     * Training batches over which batch normalization's statistics are re-estimated at each
     * epoch's end (precise BN); 0 keeps Keras's moving averages, as the book does.
     */
    preciseBatchNorm: z.number().int().min(0).max(1_000).default(0),
  }),
  roles: ['denoiser'],
  checkRoles: ({ byRole, report }) => {
    const den = byRole.get('denoiser')
    if (!den) return []
    const issues: NodeIssue[] = []
    const imageIn = den.inputs
      .map((i) => report.shapes.get(i.nodeId))
      .find((s) => s && s.length > 1)
    if (den.inputs.length < 2)
      issues.push({
        nodeId: null,
        message: 'the denoiser needs two inputs: the noisy image and the time step',
      })
    issues.push(
      ...shapeMismatch(
        "the denoiser's output (predicted noise) must have the shape of its noisy-image input",
        planOutput(den, report),
        imageIn,
      ),
    )
    return issues
  },
  range: 'symmetric',
  imageRole: 'denoiser',
  needsLabels: false,
  explorer: null,
  keras: (s, { timeInput, imageInput }) => {
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
    return {${py(timeInput ?? 'time')}: t, ${py(imageInput ?? 'x_noisy')}: alpha_cm ** 0.5 * X + (1 - alpha_cm) ** 0.5 * noise}, noise


def prepare_dataset(X, batch_size, shuffle=False):
    ds = tf.data.Dataset.from_tensor_slices(X)
    if shuffle:
        ds = ds.shuffle(10_000)
    return ds.batch(batch_size).map(prepare_batch).prefetch(1)


${s.preciseBatchNorm > 0 ? PRECISE_BN : ''}
def train(models, data, args, strategy):
    """The chapter's training: shuffled batches of noisy images; the best epoch (lowest validation
    loss) is kept, as the book's ModelCheckpoint(save_best_only=True) does."""
    denoiser = models["denoiser"]
    with strategy.scope():
        denoiser.compile(loss=${pyLoss(s.loss)}, optimizer=make_optimizer())
    train_set = prepare_dataset(data["X_train"], args.batch_size, shuffle=True)
    valid_set = prepare_dataset(data["X_valid"], args.batch_size)
    best = os.path.join(args.out, "denoiser_best.weights.h5")
    checkpoint_cb = tf.keras.callbacks.ModelCheckpoint(best, save_best_only=True,
                                                       save_weights_only=True)
    history = denoiser.fit(train_set, validation_data=valid_set, epochs=args.epochs,
                           callbacks=[checkpoint_cb${
                             s.preciseBatchNorm > 0
                               ? `, PreciseBatchNorm(train_set, ${py(s.preciseBatchNorm)})`
                               : ''
                           }])
    denoiser.load_weights(best)
    return history
`
  },
  kerasUse: (_s, { timeInput, imageInput, imageShape }) => `
def generate(model, batch_size=32):
    """The chapter's reverse process: x_T ~ N(0, I), then for t = T - 1 ... 1 one step back with
    the predicted noise (fresh noise added, except at the last step)."""
    X = tf.random.normal([batch_size, ${imageShape.map((d) => py(d)).join(', ')}])
    for t in range(T - 1, 0, -1):
        print(f"\\rt = {t}", end=" ")
        noise = (tf.random.normal if t > 1 else tf.zeros)(tf.shape(X))
        X_noise = model({${py(imageInput ?? 'x_noisy')}: X, ${py(timeInput ?? 'time')}: tf.constant([t] * batch_size)})
        X = (
            1 / alpha[t] ** 0.5
            * (X - beta[t] / (1 - alpha_cumprod[t]) ** 0.5 * X_noise)
            + (1 - alpha[t]) ** 0.5 * noise
        )
    print()
    return X


def use(models, data, out_dir):
    """The chapter's generation: 32 images from pure noise by the reverse process."""
    save_grid(generate(models["denoiser"]).numpy(), os.path.join(out_dir, "generated.png"), columns=8)
`,
})
