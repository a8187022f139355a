import * as tf from '@tensorflow/tfjs'
import { hasNadamUpdate, NADAM_UPDATE, type NadamUpdateAttrs } from './nadamKernel'

type NamedTensor = Awaited<ReturnType<tf.Optimizer['getWeights']>>[number]
type Gradients = Parameters<tf.Optimizer['applyGradients']>[0]

/**
 * Nadam (Dozat 2016) as Keras implements it, which tfjs lacks: Adam with Nesterov momentum and the
 * momentum schedule μ_t = β1·(1 − ½·0.96^(0.004·t)). Per step t, with Π_t = μ_1…μ_t:
 *   m ← β1·m + (1−β1)·g,  v ← β2·v + (1−β2)·g²
 *   m̂ = μ_{t+1}·m / (1 − Π_{t+1}) + (1 − μ_t)·g / (1 − Π_t),  v̂ = v / (1 − β2^t)
 *   θ ← θ − lr · m̂ / (√v̂ + ε)
 * Moments and the step t are kept per variable, so one optimizer given different variable lists in
 * turn (a GAN's two phases) updates each as its own optimizer would.
 */
export class NadamOptimizer extends tf.Optimizer {
  static get className(): string {
    return 'Nadam'
  }
  /** Per variable: moments, its own step count and momentum product (see the class comment). */
  private readonly state = new Map<
    string,
    { m: tf.Variable; v: tf.Variable; step: number; muProduct: number }
  >()

  constructor(
    readonly learningRate: number,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    readonly epsilon = 1e-7,
    /** Use the one-kernel update where the backend has it (tests compare both forms). */
    readonly fusedUpdate = true,
  ) {
    super()
  }

  private mu(t: number): number {
    return this.beta1 * (1 - 0.5 * 0.96 ** (0.004 * t))
  }

  override applyGradients(gradients: Gradients): void {
    const entries: [string, tf.Tensor][] = Array.isArray(gradients)
      ? gradients.map((g) => [g.name, g.tensor])
      : Object.entries(gradients)
    const fused = this.fusedUpdate && hasNadamUpdate()
    tf.tidy(() => {
      for (const [name, grad] of entries) {
        const variable = tf.engine().registeredVariables[name]
        if (!variable) throw new Error(`Nadam: no variable named ${name}`)
        let s = this.state.get(name)
        if (!s) {
          s = {
            m: tf.keep(tf.zerosLike(variable).variable(false)),
            v: tf.keep(tf.zerosLike(variable).variable(false)),
            step: 0,
            muProduct: 1,
          }
          this.state.set(name, s)
        }
        const t = (s.step += 1)
        const muT = this.mu(t)
        const muNext = this.mu(t + 1)
        const productT = s.muProduct * muT
        const productNext = productT * muNext
        s.muProduct = productT
        const coefs = {
          mCoef: muNext / (1 - productNext),
          gCoef: (1 - muT) / (1 - productT),
          vCoef: 1 / (1 - this.beta2 ** t),
        }
        if (fused) {
          const attrs: NadamUpdateAttrs = {
            beta1: this.beta1,
            beta2: this.beta2,
            epsilon: this.epsilon,
            learningRate: this.learningRate,
            ...coefs,
          }
          const [x, m, v] = tf.engine().runKernel<tf.Tensor[]>(
            NADAM_UPDATE,
            { x: variable, g: grad, m: s.m, v: s.v },
            {
              ...attrs,
            },
          )
          if (!x || !m || !v) throw new Error('Nadam: the fused update returned too few tensors')
          s.m.assign(m)
          s.v.assign(v)
          variable.assign(x)
          continue
        }
        const m = tf.add(tf.mul(s.m, this.beta1), tf.mul(grad, 1 - this.beta1))
        const v = tf.add(tf.mul(s.v, this.beta2), tf.mul(tf.square(grad), 1 - this.beta2))
        s.m.assign(m)
        s.v.assign(v)
        const mHat = tf.add(tf.mul(m, coefs.mCoef), tf.mul(grad, coefs.gCoef))
        const vHat = tf.mul(v, coefs.vCoef)
        variable.assign(
          tf.sub(
            variable,
            tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), this.epsilon)), this.learningRate),
          ),
        )
      }
    })
    this.incrementIterations()
  }

  /**
   * The state to checkpoint: the step count, then each variable's moments and its own step (as
   * `<variable>/m`, `<variable>/v`, `<variable>/step`); the momentum product follows from the step.
   */
  override async getWeights(): Promise<NamedTensor[]> {
    const out: NamedTensor[] = [await this.saveIterations()]
    for (const [name, s] of this.state)
      out.push(
        { name: `${name}/m`, tensor: s.m },
        { name: `${name}/v`, tensor: s.v },
        { name: `${name}/step`, tensor: tf.scalar(s.step, 'int32') },
      )
    return out
  }

  /** Restores what `getWeights` saved (copies: the caller keeps its tensors). */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues)
    this.dispose()
    for (let i = 0; i + 2 < rest.length; i += 3) {
      const [m, v, step] = [rest[i], rest[i + 1], rest[i + 2]]
      if (!m || !v || !step || !m.name.endsWith('/m'))
        throw new Error('Nadam: the saved state is not moments and steps per variable')
      const name = m.name.slice(0, -'/m'.length)
      const t = (await step.tensor.data())[0] ?? 0
      let muProduct = 1
      for (let k = 1; k <= t; k++) muProduct *= this.mu(k)
      this.state.set(name, {
        m: tf.keep(m.tensor.clone().variable(false)),
        v: tf.keep(v.tensor.clone().variable(false)),
        step: t,
        muProduct,
      })
    }
  }

  override dispose(): void {
    for (const { m, v } of this.state.values()) tf.dispose([m, v])
    this.state.clear()
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      learningRate: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
    }
  }
}
tf.serialization.registerClass(NadamOptimizer)
