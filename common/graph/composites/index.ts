import type { CompositeDef } from './composite'
import { decoderComposite } from './decoder'
import { denoiserComposite } from './denoiser'
import { discriminatorComposite } from './discriminator'
import { encoderComposite } from './encoder'
import { generatorComposite } from './generator'
import { samplingComposite } from './sampling'

export { insertComposite, type CompositeDef, type Insertion } from './composite'

/** The composite blocks of the palette, in palette order. */
export const COMPOSITES = [
  encoderComposite,
  decoderComposite,
  samplingComposite,
  generatorComposite,
  discriminatorComposite,
  denoiserComposite,
] as const satisfies readonly CompositeDef[]
