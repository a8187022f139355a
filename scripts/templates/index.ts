import type { Save } from './builder'
import { linearAe } from './linear-ae'
import { stackedAe } from './stacked-ae'
import { tiedAe } from './tied-ae'
import { greedyAe } from './greedy-ae'
import { convAe } from './conv-ae'
import { recurrentAe } from './recurrent-ae'
import { denoisingAe } from './denoising-ae'
import { denoisingGaussianAe } from './denoising-gaussian-ae'
import { hashingAe } from './hashing-ae'
import { sparseAe } from './sparse-ae'
import { vae } from './vae'
import { gan } from './gan'
import { dcgan } from './dcgan'
import { diffusion } from './diffusion'
import { pretrainClassifier } from './pretrain-classifier'

/** Every chapter template's builder, in the gallery's order. */
export const TEMPLATE_BUILDERS: readonly ((save: Save) => void)[] = [
  linearAe,
  stackedAe,
  tiedAe,
  greedyAe,
  convAe,
  recurrentAe,
  denoisingAe,
  denoisingGaussianAe,
  sparseAe,
  hashingAe,
  vae,
  gan,
  dcgan,
  diffusion,
  pretrainClassifier,
]
