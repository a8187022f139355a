import { z } from 'zod'
import { posInt } from '../../../common/graph/params'
import { fmtShape, sameShape } from '../../../common/graph/shape'
import { py } from '../../../common/python'
import { defineRecipeSpec, planOutput } from '../../../common/recipeSpec'

/** The classifier recipe's shared part: a classifier on labelled images, optionally after unsupervised pretraining of an autoencoder. */
export const classifierSpec = defineRecipeSpec({
  name: 'classifier',
  description:
    'a classifier on labelled images, optionally after unsupervised pretraining of an autoencoder',
  settings: z.object({
    freezeEncoder: z.boolean().default(true),
    labelledFraction: z.number().gt(0).max(1).default(1),
    classes: posInt(10, 10_000),
    /** Epochs of unsupervised autoencoder training before the classifier (0: none). */
    pretrainEpochs: z.number().int().min(0).max(100_000).default(5),
    /**
     * After pretraining, train a fresh copy of the encoder and classifier (every layer, new
     * weights) on the same labelled examples beside it: the baseline that shows what
     * pretraining bought (`scratch_accuracy`).
     */
    compareFromScratch: z.boolean().default(true),
  }),
  roles: ['classifier'],
  checkRoles: ({ settings, byRole, report }) => {
    const cls = byRole.get('classifier')
    const out = cls && planOutput(cls, report)
    const classes = settings.classes
    return cls && out && !sameShape(out, [null, classes])
      ? [
          {
            nodeId: cls.outputs.at(-1) ?? null,
            message: `the classifier must output ${classes} class probabilities, [null,${classes}]: got ${fmtShape(out)}`,
          },
        ]
      : []
  },
  range: { role: 'encoder' },
  imageRole: 'encoder',
  needsLabels: true,
  explorer: null,
  epochsPhase: (s) =>
    s.pretrainEpochs > 0
      ? `the classifier; the autoencoder pretrains first for ${s.pretrainEpochs} (pretrainEpochs)`
      : null,
  keras: (s) => {
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
    n = max(1, int(len(data["X_train"]) * ${py(s.labelledFraction)}))
    history = classifier.fit(data["X_train"][:n], data["y_train"][:n], epochs=args.epochs,
                             batch_size=args.batch_size,
                             validation_data=(data["X_valid"], data["y_valid"]))${
                               s.compareFromScratch && s.pretrainEpochs > 0
                                 ? `
    # The same classifier from scratch (new weights, every layer trained) on the same examples.
    with strategy.scope():
        scratch = tf.keras.models.clone_model(classifier)
        for layer in scratch.layers:
            layer.trainable = True
        scratch.compile(loss="sparse_categorical_crossentropy", optimizer=make_optimizer(),
                        metrics=["accuracy"])
    baseline = scratch.fit(data["X_train"][:n], data["y_train"][:n], epochs=args.epochs,
                           batch_size=args.batch_size,
                           validation_data=(data["X_valid"], data["y_valid"]))
    print(f"val_accuracy: pretrained {history.history['val_accuracy'][-1]:.4f}, "
          f"from scratch {baseline.history['val_accuracy'][-1]:.4f}")`
                                 : ''
                             }
    return history
`
  },
  kerasUse: () => `
def use(models, data, out_dir):
    """The classifier's accuracy on the validation images, and the pretrained autoencoder's
    reconstructions (8 validation images above what it rebuilds)."""
    classifier = tf.keras.Sequential([models["encoder"], models["classifier"]])
    predictions = classifier.predict(data["X_valid"]).argmax(axis=-1)
    print(f"validation accuracy: {(predictions == data['y_valid']).mean():.4f}")
    if "decoder" in models:
        X = data["X_valid"][:8]
        rebuilt = models["decoder"].predict(models["encoder"].predict(X))
        save_grid(np.concatenate([X, rebuilt]), os.path.join(out_dir, "reconstructions.png"),
                  columns=8)
`,
})
