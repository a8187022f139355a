import { beforeAll, expect, test } from 'vitest'
import { initBackend } from '../../../main/tfjs/backend'
import { SLOW_TEMPLATES, trainsOneEpoch } from '../../helpers/templates'

beforeAll(async () => {
  expect((await initBackend('wasm')).ok).toBe(true)
})

// DCGAN and the DDPM denoiser are the slowest to train here (an epoch of the whole embedded subset
// took about 27 s each on 2 threads): one epoch of its first 640 images keeps the suite within
// its time; this file runs beside the others.
test.each(SLOW_TEMPLATES)(
  '%s trains one epoch on 640 images of the embedded subset',
  (id) => trainsOneEpoch(id, 640),
  600_000,
)
