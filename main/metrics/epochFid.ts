import * as tf from '@tensorflow/tfjs'
import type { ImageSet } from '../data/dataset'
import type { RecipeSession } from '../train/recipe'
import { FidScorer, frechetDistance } from './fid'
import type { Gaussian } from './frechet'

/** What an epoch's FID is measured against, fitted once per run for the number of samples. */
interface Reference {
  readonly n: number
  readonly test: Gaussian
  readonly floor: number
}

/**
 * The sample-quality score of a generative run, at each epoch's end: `fid`, the Fréchet distance
 * between the features of the session's generated images and of as many test images, and
 * `fid_floor`, the same distance between training and test images (what a perfect generator
 * would score with this many samples). Answers null when the session generates nothing or its
 * images are not 28×28 grey; a missing classifier is reported once through `notice`.
 */
export async function epochFid(
  session: RecipeSession,
  data: { readonly train: ImageSet; readonly test: ImageSet },
  notice: (message: string) => void,
): Promise<{ readonly measure: () => Promise<Record<string, number>>; dispose(): void } | null> {
  if (!session.generate || !FidScorer.fits(session.inputShape)) return null
  const generate = () => session.generate?.() ?? tf.zeros([0])
  const loaded = await FidScorer.load()
  if (!loaded.ok) {
    notice(`no FID this run: ${loaded.error}`)
    return null
  }
  const scorer = loaded.value
  let reference: Reference | null = null
  const measure = async (): Promise<Record<string, number>> => {
    const images = tf.tidy(() => generate())
    try {
      const n = Math.min(images.shape[0], data.test.count, data.train.count)
      if (n < 2) return {}
      if (reference?.n !== n) {
        const test = await scorer.reference(data.test, n)
        reference = { n, test, floor: frechetDistance(await scorer.reference(data.train, n), test) }
      }
      const used = images.shape[0] === n ? images : images.slice(0, n)
      try {
        const fid = frechetDistance(await scorer.gaussian(used, session.range), reference.test)
        return { fid, fid_floor: reference.floor }
      } finally {
        if (used !== images) used.dispose()
      }
    } finally {
      images.dispose()
    }
  }
  return {
    measure,
    dispose: () => {
      scorer.dispose()
    },
  }
}
