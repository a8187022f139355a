import { z } from 'zod'
import type { NodeIssue } from '../../../common/graph/graphIndex'
import { posInt, rate } from '../../../common/graph/params'
import { fmtShape, sameShape } from '../../../common/graph/shape'
import { py } from '../../../common/python'
import { defineRecipeSpec, planInput, planOutput, shapeMismatch } from '../../../common/recipeSpec'

/** The gan recipe's shared part: a generator and a discriminator trained against each other. */
export const ganSpec = defineRecipeSpec({
  name: 'gan',
  description: 'a generator and a discriminator trained against each other',
  settings: z.object({
    codingsSize: posInt(30, 4096),
    replayBufferSize: z.number().int().min(0).max(100_000).default(0),
    labelSmoothing: rate(0),
    discriminatorSteps: posInt(1, 16),
  }),
  roles: ['generator', 'discriminator'],
  checkRoles: ({ settings, byRole, report }) => {
    const gen = byRole.get('generator')
    const disc = byRole.get('discriminator')
    if (!gen || !disc) return []
    const issues: NodeIssue[] = []
    const codings = settings.codingsSize
    const genIn = planInput(gen, report)
    if (genIn && !sameShape(genIn, [null, codings]))
      issues.push({
        nodeId: gen.inputs[0]?.nodeId ?? null,
        message: `the generator's input must be the ${codings} codings of the gan settings (codingsSize): got ${fmtShape(genIn)}`,
      })
    issues.push(
      ...shapeMismatch(
        "the generator's output must have the shape of the discriminator's input",
        planOutput(gen, report),
        planInput(disc, report),
      ),
    )
    const d = planOutput(disc, report)
    if (d && !sameShape(d, [null, 1]))
      issues.push({
        nodeId: disc.outputs.at(-1) ?? null,
        message: `the discriminator must output one probability per image, [null,1]: got ${fmtShape(d)}`,
      })
    return issues
  },
  range: { role: 'generator' },
  imageRole: 'discriminator',
  needsLabels: false,
  explorer: null,
  keras: (s) => {
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
  },
  kerasUse: (s) => `
def use(models, data, out_dir):
    """The chapter's GAN generation: a grid of 32 images from fixed noise (the same on every run,
    so runs compare)."""
    noise = np.random.default_rng(42).standard_normal((32, ${py(s.codingsSize)})).astype(np.float32)
    save_grid(models["generator"].predict(noise), os.path.join(out_dir, "generated.png"), columns=8)
`,
})
