import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { templateIds } from '../../../main/documents/templates'
import { kerasScript } from '../../../main/export/keras/kerasScript'
import { loadTemplateDoc } from '../../helpers/templates'

const dir = mkdtempSync(join(tmpdir(), 'ls-keras-'))

/** Byte-compiles a script with the machine's Python; returns its error output ('' when it compiles). */
function pyCompile(name: string, source: string): string {
  const file = join(dir, `${name}.py`)
  writeFileSync(file, source)
  try {
    execFileSync('python3', ['-m', 'py_compile', file], { stdio: 'pipe' })
    return ''
  } catch (e) {
    return String((e as { stderr?: Buffer }).stderr ?? e)
  }
}

test.each(templateIds())('%s: the Keras script compiles and builds each group as a model', (id) => {
  const doc = loadTemplateDoc(id)
  const script = kerasScript(doc)
  if (!script.ok) throw new Error(script.error)
  expect(pyCompile(id, script.value)).toBe('')
  // Each group with a role is a model; frames (the U-Net's stages) only group its layers.
  for (const g of doc.groups.filter((x) => x.role !== undefined))
    expect(script.value).toContain(`models[${JSON.stringify(g.role)}] = tf.keras.Model(`)
  // Every layer is built once, named after its node.
  for (const n of doc.nodes.filter((x) => x.kind !== 'input' && x.share === undefined))
    expect(script.value).toContain(`name=${JSON.stringify(n.id)})`)
  expect(script.value).toContain('def train(models, data, args, strategy):')
  expect(script.value).toContain('tf.distribute.MirroredStrategy')
})

test('tied decoders reuse the encoder layer; custom layers are defined once', () => {
  const script = kerasScript(loadTemplateDoc('tied-ae'))
  if (!script.ok) throw new Error(script.error)
  expect(script.value).toContain('l_tied_1 = DenseTranspose(l_dense_1, 784, activation="linear"')
  expect(script.value.match(/class DenseTranspose/g)).toHaveLength(1)
})

test('the VAE script adds the latent loss and the GAN script alternates the two steps', () => {
  const vae = kerasScript(loadTemplateDoc('vae'))
  const gan = kerasScript(loadTemplateDoc('gan'))
  if (!vae.ok || !gan.ok) throw new Error('no script')
  expect(vae.value).toContain('latent_loss = -0.5 * tf.reduce_sum(')
  expect(vae.value).toContain('class Sampling(tf.keras.layers.Layer)')
  expect(gan.value).toContain('discriminator.train_on_batch(X_fake_and_real, y1)')
  expect(gan.value).toContain('gan.train_on_batch(noise, y2)')
  expect(gan.value).toContain('codings_size = 30')
})

test('diffusion: precise batch normalization is a callback when set, absent as in the book', () => {
  const book = loadTemplateDoc('diffusion')
  if (book.training.recipe !== 'diffusion') throw new Error('wrong recipe')
  const precise = {
    ...book,
    training: { ...book.training, settings: { ...book.training.settings, preciseBatchNorm: 5 } },
  }
  const [a, b] = [kerasScript(book), kerasScript(precise)]
  if (!a.ok || !b.ok) throw new Error('no script')
  expect(a.value).not.toContain('PreciseBatchNorm')
  expect(b.value).toContain('class PreciseBatchNorm(tf.keras.callbacks.Callback)')
  expect(b.value).toContain('callbacks=[checkpoint_cb, PreciseBatchNorm(train_set, 5)]')
  expect(pyCompile('diffusion-precise-bn', b.value)).toBe('')
})

test('the hashing autoencoder’s script has the hash function and the book’s learning rate', () => {
  const script = kerasScript(loadTemplateDoc('hashing-ae'))
  if (!script.ok) throw new Error(script.error)
  expect(script.value).toContain('def hashes(encoder, X):')
  expect(script.value).toContain('tf.keras.layers.GaussianNoise(15')
  expect(script.value).toContain('def make_optimizer(learning_rate=0.0005):')
})

test('the greedy autoencoder’s script trains one autoencoder at a time, then the stack', () => {
  const script = kerasScript(loadTemplateDoc('greedy-ae'))
  if (!script.ok) throw new Error(script.error)
  expect(script.value).toContain('rates = [0.0005, 0.005]')
  expect(script.value).toContain('pair.fit(X_train, X_train, epochs=10,')
  expect(script.value).toContain('optimizer=make_optimizer(*rates[k:k + 1])')
  expect(script.value).toContain('return autoencoder.fit(')
})

test('the linear autoencoder’s script builds the chapter’s 3-D points and trains with SGD', () => {
  const script = kerasScript(loadTemplateDoc('linear-ae'))
  if (!script.ok) throw new Error(script.error)
  expect(script.value).toContain('X = Rotation.from_rotvec([np.pi / 29, -np.pi / 20, np.pi / 4])')
  expect(script.value).not.toContain('fashion_mnist')
  expect(script.value).toContain('def make_optimizer(learning_rate=0.5):')
  expect(script.value).toContain('tf.keras.optimizers.SGD(')
})

/** What Python's own parser finds in a script (test/helpers/keras_facts.py). */
interface KerasFacts {
  classes: Record<string, { bases: string[]; methods: string[]; serializable: boolean }>
  functions: Record<string, { calls: string[]; strings: string[]; loops: string[]; source: string }>
  add_loss_divided: [string, boolean][]
}

function kerasFacts(id: string, source: string): KerasFacts {
  const file = join(dir, `${id}-facts.py`)
  writeFileSync(file, source)
  const helper = join(import.meta.dirname, '../../helpers/keras_facts.py')
  return JSON.parse(execFileSync('python3', [helper, file], { encoding: 'utf8' })) as KerasFacts
}

/** What each template's script must do with its trained models, as the chapter does. */
const USES: Readonly<Record<string, (f: KerasFacts) => void>> = {
  vae: (f) => {
    const use = f.functions['use']
    // 3 × 7 codings from the prior, decoded; one axis swept over linspace(-0.8, 0.8, 7).
    expect(use?.calls).toEqual(expect.arrayContaining(['tf.random.normal', 'np.linspace']))
    expect(use?.source).toContain('np.linspace(-0.8, 0.8, 7)')
    expect(use?.strings).toEqual(expect.arrayContaining(['generated.png', 'interpolation.png']))
  },
  gan: (f) => {
    expect(f.functions['use']?.calls).toContain('np.random.default_rng')
    expect(f.functions['use']?.source).toContain("models['generator'].predict(noise)")
    expect(f.functions['use']?.strings).toContain('generated.png')
  },
  diffusion: (f) => {
    // The book's generate(): x_T ~ N(0, I), then t = T - 1 … 1, no noise at the last step.
    const generate = f.functions['generate']
    expect(generate?.loops).toEqual(['range(T - 1, 0, -1)'])
    expect(generate?.source).toContain('(tf.random.normal if t > 1 else tf.zeros)(tf.shape(X))')
    expect(f.functions['use']?.calls).toContain('generate')
    // Shuffled training batches; the best epoch kept.
    expect(f.functions['prepare_dataset']?.source).toContain('ds.shuffle(10000)')
    const train = f.functions['train']?.source ?? ''
    expect(train).toContain("prepare_dataset(data['X_train'], args.batch_size, shuffle=True)")
    expect(train).toContain('ModelCheckpoint(best, save_best_only=True')
    expect(train).toContain('denoiser.load_weights(best)')
  },
  hashes: (f) => {
    expect(f.functions['use']?.calls).toEqual(expect.arrayContaining(['hashes', 'print']))
    expect(f.functions['use']?.strings).toContain('hashes.png')
  },
  points: (f) => {
    expect(f.functions['use']?.strings).toContain('codings.png')
  },
  reconstructions: (f) => {
    expect(f.functions['use']?.strings).toContain('reconstructions.png')
  },
}

function usesOf(doc: ReturnType<typeof loadTemplateDoc>): string[] {
  const t = doc.training
  if (t.recipe === 'vae') return ['vae']
  if (t.recipe === 'gan') return ['gan']
  if (t.recipe === 'diffusion') return ['diffusion']
  if (doc.dataset.kind === 'points') return ['points']
  if (t.recipe === 'autoencoder' && t.settings.hashing) return ['reconstructions', 'hashes']
  return ['reconstructions']
}

test.each(templateIds())(
  '%s: the Keras script (read by Python’s parser) has serializable custom layers, the book’s penalties and what the chapter does with the trained model',
  (id) => {
    const doc = loadTemplateDoc(id)
    const script = kerasScript(doc)
    if (!script.ok) throw new Error(script.error)
    const facts = kerasFacts(id, script.value)
    // Each custom layer can be saved in a .keras file and loaded back.
    const layers = Object.entries(facts.classes).filter(([, c]) =>
      c.bases.includes('tf.keras.layers.Layer'),
    )
    for (const [name, c] of layers) {
      expect(c.methods, name).toContain('get_config')
      expect(c.serializable, name).toBe(true)
    }
    // A penalty added in a layer is divided by the batch size, as Keras does for activity
    // regularizers (the book's KL regularizer).
    for (const [name, divided] of facts.add_loss_divided) expect(divided, name).toBe(true)
    if (doc.nodes.some((n) => n.kind === 'klSparsity'))
      expect(facts.add_loss_divided).toEqual([['KlSparsity', true]])
    // Train, use the trained models, write PNGs, save every model and load it back.
    const main = facts.functions['main']?.calls ?? []
    expect(main).toEqual(
      expect.arrayContaining(['train', 'use', 'model.save', 'tf.keras.models.load_model']),
    )
    expect(facts.functions['save_grid']?.calls).toContain('plt.imsave')
    for (const use of usesOf(doc)) USES[use]?.(facts)
  },
)
