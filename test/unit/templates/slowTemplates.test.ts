import { beforeAll, expect, test } from 'vitest'
import { initBackend } from '../../../main/tfjs/backend'
import { SLOW_TEMPLATES, trainsOneEpoch } from '../../helpers/templates'

beforeAll(async () => {
  expect((await initBackend('wasm')).ok).toBe(true)
})

// DCGAN and the DDPM denoiser train at 15–20 samples/s on wasm, so one epoch of the embedded subset takes
// about two minutes each; this file runs beside the others.
test.each(SLOW_TEMPLATES)(
  '%s trains one epoch on the embedded subset',
  (id) => trainsOneEpoch(id),
  600_000,
)
